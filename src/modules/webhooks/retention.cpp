#include "modules/webhooks/retention.hpp"

namespace rapport::webhooks {

RetentionRule retention_rule() {
  using namespace std::chrono;
  return {"webhook deliveries (30 days)", "webhook_deliveries", "id", "created_at < ?", {duration_cast<seconds>(days(30))}};
}

}  // namespace rapport::webhooks
