// The REST routes every record type has, registered from its Service:
//   GET    /api/v1/{object}                list (limit, cursor, sort, filter[f][op], count)
//   POST   /api/v1/{object}                create (Idempotency-Key honoured)
//   GET    /api/v1/{object}/{id}           read (ETag)
//   PATCH  /api/v1/{object}/{id}           change some fields (If-Match honoured)
//   DELETE /api/v1/{object}/{id}           move to the recycle bin (If-Match honoured)
//   POST   /api/v1/{object}/{id}/restore   bring back from the recycle bin
//   GET    /api/v1/{object}/{id}/history   audit entries, newest first
//   POST   /api/v1/{object}/{id}/history/{version}/restore   back to how it was after a history entry
#pragma once
#include "platform/http/api.hpp"
#include "platform/records/service.hpp"

namespace rapport::records {

// A module's notice on a record created through POST /api/v1/{object} (dedupe's duplicates check):
// runs once the create has committed, with the caller and the new record's id, and answers headers
// for the 201 (Possible-Duplicates). Not for a replayed answer.
using CreatedNotice =
    std::function<std::vector<std::pair<std::string, std::string>>(const identity::Context&, const std::string& id)>;

void add_record_routes(http::Api& api, Service& service, CreatedNotice notice = {});

// Shared by module routes: a WriteResult as an HTTP response.
http::Response write_response(const WriteResult& r);

// A create's Idempotency-Key and the hash of its request (method, path and the body's canonical text:
// a retry with other spacing or key order is the same request), as Service::create takes them; 400
// for a key longer than 255 characters.
struct IdempotentRequest {
  std::string key, hash;
};
Result<IdempotentRequest> idempotent_request(const http::Request& req, const boost::json::object& body);

}  // namespace rapport::records
