// A ZIP archive written front to back as its entries' bytes come, for files streamed while they are
// built (an XLSX export): each entry is deflated incrementally (zlib, raw deflate) behind a local
// header whose CRC and sizes are not known yet (general purpose flag bit 3), followed by a data
// descriptor with them; the central directory is written at the end (APPNOTE 6.3.x, 4.3.9). Readers
// that take the central directory (libzip, Python's zipfile, Excel, LibreOffice) read it like any
// other archive. Memory is zlib's state and what the caller has not drained yet.
//
// An entry stays below 4 GiB (the caller cuts its content before: an XLSX sheet is capped far below),
// so local headers and data descriptors are plain; ZIP64 is used only where the archive needs it: an
// entry starting past 4 GiB (an extra field in the central directory) and the end records when the
// directory starts past 4 GiB or holds 65,535 entries or more.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace rapport::exports {

class ZipStream {
 public:
  // `zip64_from`: the offset from which ZIP64 records are used (4 GiB - 1; lower in tests only).
  // `level`: zlib's compression level (1: fastest, what a streamed export wants).
  explicit ZipStream(int level = 1, uint64_t zip64_from = 0xFFFFFFFFull);
  ~ZipStream();
  ZipStream(const ZipStream&) = delete;
  ZipStream& operator=(const ZipStream&) = delete;

  // Starts an entry (ending the one before). Throws std::runtime_error after finish().
  void begin(std::string_view name);
  // Adds bytes to the current entry. Throws std::length_error when the entry would reach 4 GiB.
  void write(std::string_view bytes);
  // Appends the archive's bytes produced so far and forgets them.
  void drain(std::string& out);
  // Ends the last entry and writes the central directory; drain() then gives the rest.
  void finish();

  uint64_t bytes_written() const { return offset_; }  // the archive's bytes produced so far

  static constexpr uint64_t kMaxEntryBytes = 0xFFFFFFFEull;

 private:
  struct Entry {
    std::string name;
    uint64_t offset = 0;
    uint32_t crc = 0;
    uint64_t compressed = 0, size = 0;
  };
  void end_entry();
  void deflate_into(int flush);
  void emit(std::string_view bytes);

  struct Zlib;
  Zlib* z_ = nullptr;
  int level_;
  uint64_t zip64_from_;
  uint16_t dos_time_ = 0, dos_date_ = 0;
  std::vector<Entry> entries_;
  bool open_ = false, finished_ = false;
  uint64_t offset_ = 0;
  std::string out_;
};

}  // namespace rapport::exports
