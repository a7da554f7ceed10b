#include "platform/db/bulk_insert.hpp"

#include <stdexcept>

#include "platform/db/multi_row.hpp"
#include "platform/db/pg_connection_adapter.hpp"

namespace rapport::db {

void append_copy_text(std::string& out, const Value& v) {
  if (std::holds_alternative<std::nullptr_t>(v)) {
    out += "\\N";
    return;
  }
  if (!std::holds_alternative<std::string>(v)) {
    out += to_pg_text(v);  // numbers: no character COPY treats specially
    return;
  }
  for (char ch : std::get<std::string>(v)) {
    switch (ch) {
      case '\\': out += "\\\\"; break;
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      default: out += ch;
    }
  }
}

int64_t bulk_insert(Connection& c, const std::string& table, const std::vector<std::string>& columns,
                    const std::vector<std::string>& types, const std::vector<Value>& values) {
  const std::size_t width = columns.size();
  if (width == 0 || types.size() != width || values.size() % width != 0)
    throw std::logic_error("bulk_insert: values must fill whole rows of the columns given");
  if (values.empty()) return 0;
  std::string column_list;
  for (const auto& col : columns) {
    if (!column_list.empty()) column_list += ", ";
    column_list += col;
  }
  if (c.dialect() == Dialect::Sqlite) {
    insert_rows(c, table + "(" + column_list + ")", types, values);
    return static_cast<int64_t>(values.size() / width);
  }
  auto* pg = dynamic_cast<PgAdapterConnection*>(&c);
  if (!pg) throw std::logic_error("bulk_insert: a PostgreSQL connection that is not libpq's");
  std::string data;
  data.reserve(values.size() * 24);
  for (std::size_t i = 0; i < values.size(); ++i) {
    append_copy_text(data, values[i]);
    data += (i + 1) % width == 0 ? '\n' : '\t';
  }
  std::string sql = "COPY ";
  sql += table;
  sql += "(";
  sql += column_list;
  sql += ") FROM STDIN";
  return pg->pg().copy_in(sql, data);
}

}  // namespace rapport::db
