// What a lead, a deal and a product are, for the record engine: fields, rules and the hooks that
// keep a deal's stage, closing time, board place and stage history consistent.
#pragma once
#include "platform/records/spec.hpp"

namespace rapport::sales {

const records::ObjectSpec& lead_spec();
const records::ObjectSpec& deal_spec();
const records::ObjectSpec& product_spec();

}  // namespace rapport::sales
