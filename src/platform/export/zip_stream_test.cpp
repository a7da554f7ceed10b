#include "platform/export/zip_stream.hpp"

#include <gtest/gtest.h>
#include <unistd.h>
#include <zip.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>

namespace rapport::exports {
namespace {

// The archive's entries as libzip reads them (through the central directory), checking each CRC.
std::map<std::string, std::string> read_back(const std::string& bytes) {
  std::map<std::string, std::string> out;
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  zip_t* archive = src ? zip_open_from_source(src, ZIP_CHECKCONS, &error) : nullptr;
  if (!archive) {
    ADD_FAILURE() << "libzip refuses the archive: " << zip_error_strerror(&error);
    if (src) zip_source_free(src);
    return out;
  }
  for (zip_int64_t i = 0; i < zip_get_num_entries(archive, 0); ++i) {
    zip_stat_t st;
    zip_stat_index(archive, static_cast<zip_uint64_t>(i), 0, &st);
    zip_file_t* f = zip_fopen_index(archive, static_cast<zip_uint64_t>(i), 0);
    EXPECT_NE(f, nullptr) << st.name;
    if (!f) continue;
    std::string content(st.size, '\0');
    EXPECT_EQ(zip_fread(f, content.data(), st.size), static_cast<zip_int64_t>(st.size)) << st.name;
    char extra;
    EXPECT_EQ(zip_fread(f, &extra, 1), 0) << st.name;  // also where libzip checks the CRC
    zip_fclose(f);
    out[st.name] = content;
  }
  zip_close(archive);
  return out;
}

// Python's zipfile, an independent reader: testzip() inflates every entry and checks its CRC.
std::string python_check(const std::string& bytes) {
  if (std::system("python3 -c '' 2>/dev/null") != 0) return "no python3";
  auto path = std::filesystem::temp_directory_path() / ("zip-stream-" + std::to_string(::getpid()) + ".zip");
  std::ofstream(path, std::ios::binary) << bytes;
  std::string cmd = "python3 -c 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); bad = z.testzip(); "
                    "print(\"bad \" + bad if bad else \" \".join(i.filename for i in z.infolist()))' " +
                    path.string();
  std::string out;
  if (FILE* p = popen(cmd.c_str(), "r")) {
    char buf[512];
    while (std::fgets(buf, sizeof buf, p)) out += buf;
    pclose(p);
  }
  std::filesystem::remove(path);
  return out;
}

std::string archive(uint64_t zip64_from, const std::string& big) {
  ZipStream z(1, zip64_from);
  std::string bytes;
  z.begin("a.txt");
  z.write("hello, ");
  z.write("world");
  z.drain(bytes);
  z.begin("dir/big.xml");
  for (std::size_t at = 0; at < big.size(); at += 10000) {
    z.write(std::string_view(big).substr(at, 10000));
    z.drain(bytes);
  }
  z.begin("empty");
  z.finish();
  z.drain(bytes);
  EXPECT_EQ(z.bytes_written(), bytes.size());
  return bytes;
}

std::string varied(std::size_t n) {
  std::string s;
  for (std::size_t i = 0; s.size() < n; ++i) {
    s += "<row r=\"";
    s += std::to_string(i * 2654435761u % 1000003);
    s += "\"/>";
  }
  return s;
}

TEST(ZipStream, EntriesReadBackThroughTheCentralDirectory) {
  const std::string big = varied(3 * 1024 * 1024);
  const std::string bytes = archive(0xFFFFFFFFull, big);
  EXPECT_LT(bytes.size(), big.size() / 2) << "deflated";
  auto entries = read_back(bytes);
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries["a.txt"], "hello, world");
  EXPECT_EQ(entries["dir/big.xml"], big);
  EXPECT_EQ(entries["empty"], "");
  EXPECT_EQ(bytes.find(std::string("PK\x06\x06", 4)), std::string::npos) << "no ZIP64 record in a small archive";
  std::string py = python_check(bytes);
  if (py != "no python3") {
    EXPECT_EQ(py, "a.txt dir/big.xml empty\n");
  }
}

// The ZIP64 records an archive past 4 GiB needs, made to appear from the second entry on.
TEST(ZipStream, Zip64RecordsWhereOffsetsPassTheLimit) {
  const std::string big = varied(200 * 1024);
  const std::string bytes = archive(40, big);
  EXPECT_NE(bytes.find(std::string("PK\x06\x06", 4)), std::string::npos) << "the ZIP64 end record";
  EXPECT_NE(bytes.find(std::string("PK\x06\x07", 4)), std::string::npos) << "its locator";
  auto entries = read_back(bytes);
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries["a.txt"], "hello, world");
  EXPECT_EQ(entries["dir/big.xml"], big);
  std::string py = python_check(bytes);
  if (py != "no python3") {
    EXPECT_EQ(py, "a.txt dir/big.xml empty\n");
  }
}

TEST(ZipStream, NothingAfterTheEnd) {
  ZipStream z;
  z.begin("a");
  z.finish();
  EXPECT_THROW(z.begin("b"), std::runtime_error);
  ZipStream outside;
  EXPECT_THROW(outside.write("x"), std::runtime_error);
}

}  // namespace
}  // namespace rapport::exports
