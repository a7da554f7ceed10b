// Who is asking, on whose behalf: the platform's identity::Context (platform/identity/context.hpp),
// which access/auth.* builds from a credential. access/ and the modules name it access::Context.
#pragma once
#include "access/role.hpp"
#include "platform/identity/context.hpp"

namespace rapport::access {

using identity::Context;

}  // namespace rapport::access
