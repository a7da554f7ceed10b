#include "modules/marketing/audience_access.hpp"

namespace rapport::marketing {

bool reads_audiences(const identity::Context& ctx) {
  return ctx.scope("contacts", identity::Action::Read) != identity::Scope::None;
}

bool manages_audiences(const identity::Context& ctx) {
  return ctx.is_admin() || ctx.scope("contacts", identity::Action::Export) == identity::Scope::All;
}

Problem cannot_read() { return Problem::forbidden("Your role reads no contacts, so it sees no segments or lists"); }

Problem cannot_manage() {
  return Problem::forbidden("Only an admin or a role that exports every contact (marketing) may change segments and lists");
}

}  // namespace rapport::marketing
