// Finding a record object's spec by its name (its table: "deals") among the specs a module was given.
#pragma once
#include <string_view>
#include <vector>

#include "platform/records/spec.hpp"

namespace rapport::records {

// nullptr when no spec of `specs` is that object.
const ObjectSpec* spec_of(const std::vector<const ObjectSpec*>& specs, std::string_view object);

}  // namespace rapport::records
