// The body of POST /api/v1/imports: the file itself (`text/csv`, `text/plain`, `text/vcard`, the XLSX
// type, `application/octet-stream`, ...), or `multipart/form-data` (RFC 7578) with a `file` part and an
// optional `mapping` part holding the mapping document as JSON (mapping.hpp). Pure: the content type
// and the body in, views into the body out (the body must outlive them); 415 for another content
// type, 400 naming what is wrong with a multipart body.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "platform/problem.hpp"

namespace rapport::imports {

constexpr std::size_t kMaxMappingPartBytes = 256 * 1024;
constexpr std::size_t kMaxFileNameBytes = 255;

struct Upload {
  std::string_view file;
  std::string file_name;                  // from the part's filename, else "upload.csv"
  // The file's declared type (the body's, or the part's Content-Type; a part without one, or with
  // application/octet-stream: the one its file name implies): what sniff_file checks the bytes against.
  std::string content_type;
  std::optional<std::string_view> mapping;  // the `mapping` part's JSON text
};

Result<Upload> read_upload(std::string_view content_type, std::string_view body);

}  // namespace rapport::imports
