#include "platform/records/idempotency.hpp"

namespace rapport::records {

RetentionRule idempotency_retention() {
  return {"stored Idempotency-Key answers", "idempotency_keys", "workspace_id, actor_id, key", "created_at < ?",
          {kIdempotencyKeep}};
}

}  // namespace rapport::records
