#include "platform/vault.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "platform/test_temp_dir.hpp"

namespace rapport {
namespace {
namespace fs = std::filesystem;

Vault fresh() { return Vault(*Vault::parse_key_text(Vault::generate_key_text())); }

TEST(Vault, SealedValuesOpenOnlyWithTheSameKeyAndContext) {
  auto v = fresh();
  auto sealed = v.seal("smtp-password", "smtp:ws-1");
  EXPECT_EQ(sealed.rfind("v1.", 0), 0u);
  EXPECT_EQ(sealed.find("smtp-password"), std::string::npos);
  EXPECT_EQ(v.open(sealed, "smtp:ws-1"), "smtp-password");
  EXPECT_NE(v.seal("smtp-password", "smtp:ws-1"), sealed) << "a fresh nonce each time";
  EXPECT_FALSE(v.open(sealed, "smtp:ws-2")) << "bound to its context";
  EXPECT_FALSE(fresh().open(sealed, "smtp:ws-1")) << "another key";
  std::string altered = sealed;
  altered[altered.size() - 3] = altered[altered.size() - 3] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(v.open(altered, "smtp:ws-1"));
  EXPECT_FALSE(v.open("v1.short", "smtp:ws-1"));
  EXPECT_FALSE(v.open("plain text", "smtp:ws-1"));
  EXPECT_EQ(v.open(v.seal("", "c"), "c"), "");
}

TEST(Vault, KeysAreBase64Of32Bytes) {
  auto text = Vault::generate_key_text();
  EXPECT_EQ(text.size(), 44u);
  EXPECT_TRUE(Vault::parse_key_text("  " + text + "\n"));
  EXPECT_FALSE(Vault::parse_key_text("c2hvcnQ="));  // "short"
  EXPECT_FALSE(Vault::parse_key_text("not base64 at all!"));
  // The id is BLAKE2b-64 of a label keyed by the key; the expected value comes from Python's hashlib
  // (blake2b(b"rapport master key id", key=key, digest_size=8)), not from this code.
  EXPECT_EQ(Vault(*Vault::parse_key_text("cmFwcG9ydC1mdW5jdGlvbmFsLXRlc3RzLWtleS0zMmI=")).key_id(), "5795c59560265302");
  EXPECT_NE(fresh().key_id(), fresh().key_id());
}

TEST(Vault, LoadsFromTheEnvironmentOrAFileAndCreatesTheFileOnlyWhenAllowed) {
  const TempDir temp("rapport-vault");
  const fs::path& dir = temp.dir;
  auto file = (dir / "master.key").string();
  EXPECT_THROW(Vault::load("", file, false), VaultError);
  bool created = false;
  auto v = Vault::load("", file, true, &created);
  EXPECT_TRUE(created);
  EXPECT_EQ(fs::status(file).permissions() & fs::perms::all, fs::perms::owner_read | fs::perms::owner_write);
  auto again = Vault::load("", file, true, &created);
  EXPECT_FALSE(created);
  EXPECT_EQ(again.key_id(), v.key_id());
  auto text = Vault::generate_key_text();
  EXPECT_NE(Vault::load(text, file, true).key_id(), v.key_id()) << "the environment wins";
  EXPECT_THROW(Vault::load("garbage", file, true), VaultError);
  std::ofstream(file) << "garbage\n";
  EXPECT_THROW(Vault::load("", file, true), VaultError);
}

}  // namespace
}  // namespace rapport
