#include "platform/export/zip_stream.hpp"

#include <zlib.h>

#include <ctime>
#include <stdexcept>

namespace rapport::exports {

struct ZipStream::Zlib {
  z_stream s{};
};

namespace {

constexpr uint32_t kLocalHeader = 0x04034b50, kDataDescriptor = 0x08074b50, kCentralHeader = 0x02014b50,
                   kEnd = 0x06054b50, kZip64End = 0x06064b50, kZip64Locator = 0x07064b50;
constexpr uint16_t kFlags = 0x0008 | 0x0800;  // sizes in a data descriptor; names in UTF-8
constexpr uint16_t kDeflated = 8;
constexpr uint16_t kVersion = 20, kVersionZip64 = 45;
constexpr std::size_t kOutPiece = 64 * 1024;

void put16(std::string& s, uint16_t v) {
  s += static_cast<char>(v & 0xFF);
  s += static_cast<char>(v >> 8);
}
void put32(std::string& s, uint32_t v) {
  put16(s, static_cast<uint16_t>(v & 0xFFFF));
  put16(s, static_cast<uint16_t>(v >> 16));
}
void put64(std::string& s, uint64_t v) {
  put32(s, static_cast<uint32_t>(v & 0xFFFFFFFF));
  put32(s, static_cast<uint32_t>(v >> 32));
}

}  // namespace

ZipStream::ZipStream(int level, uint64_t zip64_from) : level_(level), zip64_from_(zip64_from) {
  // Every entry carries the time the archive was made (MS-DOS form, UTC: ZIP has no zone).
  std::time_t now = std::time(nullptr);
  std::tm t{};
  gmtime_r(&now, &t);
  dos_time_ = static_cast<uint16_t>((t.tm_hour << 11) | (t.tm_min << 5) | (t.tm_sec / 2));
  dos_date_ = static_cast<uint16_t>(((t.tm_year - 80) << 9) | ((t.tm_mon + 1) << 5) | t.tm_mday);
}

ZipStream::~ZipStream() {
  if (z_) {
    deflateEnd(&z_->s);
    delete z_;
  }
}

void ZipStream::emit(std::string_view bytes) {
  out_ += bytes;
  offset_ += bytes.size();
}

void ZipStream::begin(std::string_view name) {
  if (finished_) throw std::runtime_error("zip: an entry after the end");
  if (open_) end_entry();
  if (!z_) {
    z_ = new Zlib;
    // Raw deflate (negative window bits): ZIP frames it itself.
    if (deflateInit2(&z_->s, level_, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
      delete z_;
      z_ = nullptr;
      throw std::runtime_error("zip: cannot start deflate");
    }
  } else if (deflateReset(&z_->s) != Z_OK) {
    throw std::runtime_error("zip: cannot reset deflate");
  }
  entries_.push_back({.name = std::string(name), .offset = offset_});
  std::string h;
  put32(h, kLocalHeader);
  put16(h, kVersion);
  put16(h, kFlags);
  put16(h, kDeflated);
  put16(h, dos_time_);
  put16(h, dos_date_);
  put32(h, 0);  // CRC and sizes: in the data descriptor
  put32(h, 0);
  put32(h, 0);
  put16(h, static_cast<uint16_t>(name.size()));
  put16(h, 0);
  h += name;
  emit(h);
  open_ = true;
}

void ZipStream::deflate_into(int flush) {
  Entry& e = entries_.back();
  char buf[kOutPiece];
  do {
    z_->s.next_out = reinterpret_cast<Bytef*>(buf);
    z_->s.avail_out = sizeof buf;
    int rc = deflate(&z_->s, flush);
    if (rc == Z_STREAM_ERROR) throw std::runtime_error("zip: deflate failed");
    const std::size_t n = sizeof buf - z_->s.avail_out;
    e.compressed += n;
    emit(std::string_view(buf, n));
    if (flush == Z_FINISH && rc == Z_STREAM_END) break;
  } while (z_->s.avail_out == 0 || (flush == Z_FINISH));
  if (e.compressed > kMaxEntryBytes) throw std::length_error("zip: an entry of 4 GiB or more");
}

void ZipStream::write(std::string_view bytes) {
  if (!open_) throw std::runtime_error("zip: bytes outside an entry");
  Entry& e = entries_.back();
  if (e.size + bytes.size() > kMaxEntryBytes) throw std::length_error("zip: an entry of 4 GiB or more");
  e.size += bytes.size();
  e.crc = static_cast<uint32_t>(crc32(e.crc, reinterpret_cast<const Bytef*>(bytes.data()), static_cast<uInt>(bytes.size())));
  z_->s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  z_->s.avail_in = static_cast<uInt>(bytes.size());
  deflate_into(Z_NO_FLUSH);
}

void ZipStream::end_entry() {
  z_->s.next_in = nullptr;
  z_->s.avail_in = 0;
  deflate_into(Z_FINISH);
  const Entry& e = entries_.back();
  std::string d;
  put32(d, kDataDescriptor);
  put32(d, e.crc);
  put32(d, static_cast<uint32_t>(e.compressed));
  put32(d, static_cast<uint32_t>(e.size));
  emit(d);
  open_ = false;
}

void ZipStream::finish() {
  if (finished_) return;
  if (open_) end_entry();
  finished_ = true;
  const uint64_t directory = offset_;
  std::string cd;
  for (const auto& e : entries_) {
    const bool far = e.offset >= zip64_from_;
    put32(cd, kCentralHeader);
    put16(cd, static_cast<uint16_t>((3 << 8) | (far ? kVersionZip64 : kVersion)));  // made by: Unix
    put16(cd, far ? kVersionZip64 : kVersion);
    put16(cd, kFlags);
    put16(cd, kDeflated);
    put16(cd, dos_time_);
    put16(cd, dos_date_);
    put32(cd, e.crc);
    put32(cd, static_cast<uint32_t>(e.compressed));
    put32(cd, static_cast<uint32_t>(e.size));
    put16(cd, static_cast<uint16_t>(e.name.size()));
    put16(cd, far ? 12 : 0);  // the ZIP64 extra field: its header and the 8-byte offset
    put16(cd, 0);             // comment
    put16(cd, 0);             // disk
    put16(cd, 0);             // internal attributes
    put32(cd, 0100644u << 16);  // external attributes: a regular file, rw-r--r--
    put32(cd, far ? 0xFFFFFFFFu : static_cast<uint32_t>(e.offset));
    cd += e.name;
    if (far) {
      put16(cd, 0x0001);
      put16(cd, 8);
      put64(cd, e.offset);
    }
  }
  emit(cd);
  const uint64_t size = cd.size(), count = entries_.size();
  const bool zip64 = directory >= zip64_from_ || size >= 0xFFFFFFFFull || count >= 0xFFFF;
  std::string end;
  if (zip64) {
    const uint64_t record = offset_;
    put32(end, kZip64End);
    put64(end, 44);  // the record's size after this field
    put16(end, (3 << 8) | kVersionZip64);
    put16(end, kVersionZip64);
    put32(end, 0);
    put32(end, 0);
    put64(end, count);
    put64(end, count);
    put64(end, size);
    put64(end, directory);
    put32(end, kZip64Locator);
    put32(end, 0);
    put64(end, record);
    put32(end, 1);
  }
  put32(end, kEnd);
  put16(end, 0);
  put16(end, 0);
  put16(end, zip64 ? 0xFFFF : static_cast<uint16_t>(count));
  put16(end, zip64 ? 0xFFFF : static_cast<uint16_t>(count));
  put32(end, zip64 ? 0xFFFFFFFFu : static_cast<uint32_t>(size));
  put32(end, zip64 ? 0xFFFFFFFFu : static_cast<uint32_t>(directory));
  put16(end, 0);
  emit(end);
}

void ZipStream::drain(std::string& out) {
  out += out_;
  out_.clear();
}

}  // namespace rapport::exports
