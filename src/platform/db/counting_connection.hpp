// For tests that show how many statements a piece of work runs: a Connection that hands everything
// to a real one and keeps the SQL text of each statement prepared through it, and a Database whose
// reads and writes go to a real database through such a connection. Nothing is changed on the way:
// the work runs on the real engine, only watched.
#pragma once
#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "platform/db/connection.hpp"
#include "platform/db/database.hpp"

namespace rapport::db {

class CountingConnection final : public Connection {
 public:
  CountingConnection(Connection& inner, std::vector<std::string>& prepared) : inner_(inner), prepared_(prepared) {}
  Dialect dialect() const override { return inner_.dialect(); }
  void exec(std::string_view sql) override { inner_.exec(sql); }
  Statement& prepare(const std::string& sql) override {
    prepared_.push_back(sql);
    return inner_.prepare(sql);
  }
  int64_t changes() const override { return inner_.changes(); }
  void trim_cache(std::size_t max_statements) override { inner_.trim_cache(max_statements); }
  void reset_used() override { inner_.reset_used(); }

 private:
  Connection& inner_;
  std::vector<std::string>& prepared_;
};

class CountingDatabase final : public Database {
 public:
  explicit CountingDatabase(Database& inner) : inner_(inner) {}
  Status write(WriteFn fn) override {
    return inner_.write([&](Connection& c) {
      CountingConnection counted(c, prepared_);
      return fn(counted);
    });
  }
  void shutdown() override {}  // the real database belongs to its owner
  PoolStats stats() override { return inner_.stats(); }

  // The statements prepared so far (in order), and how many of them contain `text`.
  const std::vector<std::string>& prepared() const { return prepared_; }
  std::size_t count(std::string_view text) const {
    return static_cast<std::size_t>(
        std::count_if(prepared_.begin(), prepared_.end(), [&](const std::string& s) { return s.find(text) != std::string::npos; }));
  }
  void clear() { prepared_.clear(); }

 protected:
  void run_read(const std::function<void(Connection&)>& fn) override {
    inner_.read([&](Connection& c) {
      CountingConnection counted(c, prepared_);
      fn(counted);
    });
  }

 private:
  Database& inner_;
  std::vector<std::string> prepared_;
};

}  // namespace rapport::db
