#include "access/mfa.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>

#include "access/provisioning.hpp"
#include "access/totp.hpp"
#include "platform/db/migrations.hpp"
#include "platform/db/sqlite.hpp"
#include "platform/test_temp_dir.hpp"

namespace rapport::access {
namespace {
namespace fs = std::filesystem;

struct Db {
  TempDir temp{"rapport-mfa"};
  const std::filesystem::path& dir = temp.dir;
  std::unique_ptr<db::SqliteConnection> c;
  std::string workspace, user;
  Vault vault{*Vault::parse_key_text(Vault::generate_key_text())};
  Db() {
    c = std::make_unique<db::SqliteConnection>((dir / "r.db").string(), false);
    db::migrate(*c);
    auto w = create_workspace(*c, "W", "u@x.test", "password-123456");
    workspace = w->workspace_id;
    user = w->admin_user_id;
  }
  ~Db() {
    c.reset();
  }
};

constexpr int64_t kNowSeconds = 1'800'000'000;

TEST(MfaStore, TotpCodesAreAcceptedOnceWithinOneStepOfDrift) {
  Db d;
  std::string secret = mfa::enroll(*d.c, d.vault, d.workspace, d.user);
  int64_t step = totp::step_of(kNowSeconds);
  EXPECT_EQ(mfa::consume(*d.c, d.vault, d.user, totp::code_at(secret, step), kNowSeconds), mfa::Factor::None) << "pending";
  EXPECT_EQ(mfa::consume(*d.c, d.vault, d.user, totp::code_at(secret, step - 1), kNowSeconds, true), mfa::Factor::Totp);
  mfa::enable(*d.c, d.user, "2027-01-15T08:00:00.000Z");
  EXPECT_EQ(mfa::consume(*d.c, d.vault, d.user, totp::code_at(secret, step - 1), kNowSeconds), mfa::Factor::None) << "replayed";
  EXPECT_EQ(mfa::consume(*d.c, d.vault, d.user, totp::code_at(secret, step - 2), kNowSeconds), mfa::Factor::None) << "too old";
  EXPECT_EQ(mfa::consume(*d.c, d.vault, d.user, totp::code_at(secret, step + 2), kNowSeconds), mfa::Factor::None) << "too new";
  EXPECT_EQ(mfa::consume(*d.c, d.vault, d.user, totp::code_at(secret, step + 1), kNowSeconds), mfa::Factor::Totp);
  EXPECT_EQ(mfa::consume(*d.c, d.vault, d.user, totp::code_at(secret, step), kNowSeconds), mfa::Factor::None)
      << "a step before the last accepted one";
  EXPECT_EQ(mfa::load(*d.c, d.user)->last_step, step + 1);
  // The secret does not open under another key or as another user's.
  Vault other(*Vault::parse_key_text(Vault::generate_key_text()));
  EXPECT_THROW(mfa::consume(*d.c, other, d.user, totp::code_at(secret, step + 3), kNowSeconds + 60), VaultError);
}

TEST(MfaStore, RecoveryCodesWorkOnceAndAreStoredHashed) {
  Db d;
  std::string secret = mfa::enroll(*d.c, d.vault, d.workspace, d.user);
  mfa::enable(*d.c, d.user, "2027-01-15T08:00:00.000Z");
  auto codes = mfa::new_recovery_codes(*d.c, d.user);
  ASSERT_EQ(codes.size(), 10u);
  EXPECT_EQ(mfa::recovery_codes_left(*d.c, d.user), 10);
  auto stored = std::get<std::string>(d.c->scalar("SELECT group_concat(code_hash) FROM mfa_recovery_codes"));
  for (const auto& code : codes) EXPECT_EQ(stored.find(mfa::normalise_recovery_code(code)), std::string::npos);
  std::string upper = codes[2];
  for (auto& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  EXPECT_EQ(mfa::consume(*d.c, d.vault, d.user, upper, kNowSeconds), mfa::Factor::RecoveryCode);
  EXPECT_EQ(mfa::consume(*d.c, d.vault, d.user, codes[2], kNowSeconds), mfa::Factor::None);
  EXPECT_EQ(mfa::consume(*d.c, d.vault, d.user, "aaaaa-bbbbb", kNowSeconds), mfa::Factor::None);
  EXPECT_EQ(mfa::recovery_codes_left(*d.c, d.user), 9);
  EXPECT_NE(mfa::recovery_code_hash("user-a", "code"), mfa::recovery_code_hash("user-b", "code"));
  auto fresh = mfa::new_recovery_codes(*d.c, d.user);
  EXPECT_EQ(mfa::consume(*d.c, d.vault, d.user, codes[3], kNowSeconds), mfa::Factor::None) << "replaced";
  EXPECT_EQ(mfa::recovery_codes_left(*d.c, d.user), 10);
  mfa::remove(*d.c, d.user);
  EXPECT_FALSE(mfa::load(*d.c, d.user));
  EXPECT_EQ(mfa::consume(*d.c, d.vault, d.user, fresh[0], kNowSeconds), mfa::Factor::None);
  (void)secret;
}

}  // namespace
}  // namespace rapport::access
