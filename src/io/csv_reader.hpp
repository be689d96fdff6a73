#pragma once
// A CSV file read whole into memory and walked record by record, with fields located by header
// name. Built for speed (no stream per field, std::from_chars) and for clear errors: every
// problem is an InputError naming the file and the 1-based line.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace trackgnn::io {

class CsvReader {
 public:
  // Reads `file`. Throws InputError when it cannot be read, has no header line, or the header
  // names a column twice. A header without records is a valid, empty table.
  explicit CsvReader(const std::filesystem::path& file);

  // Index of the header column `name`; InputError on the header line when there is none.
  std::size_t column(std::string_view name) const;
  bool has_column(std::string_view name) const;

  // Advances to the next record, skipping blank lines; false after the last one. A record whose
  // field count differs from the header's (a truncated or malformed line) is an InputError. A
  // last record without a final newline is read, with a warning on stderr naming the file and
  // line: the file may have been cut inside that record's last field.
  bool next();

  // The current record's field parsed as T (float, double or an integer type). A field that is
  // empty, not a number, NaN or infinite, fractional for an integer, or out of T's range is an
  // InputError naming the column.
  template <typename T>
  T get(std::size_t column) const;

  std::string_view field(std::size_t column) const { return fields_[column]; }
  // 1-based line of the current record (the header is line 1).
  std::size_t line() const { return line_; }
  const std::string& file() const { return file_; }
  // An upper bound on the number of records, for reserving storage.
  std::size_t record_capacity() const { return record_capacity_; }

  // Throws InputError at the current line.
  [[noreturn]] void fail(const std::string& what) const;

 private:
  std::string file_;
  std::string text_;
  std::size_t position_ = 0;
  std::size_t line_ = 0;
  std::size_t record_capacity_ = 0;
  std::vector<std::string> header_;
  std::vector<std::string_view> fields_;
};

extern template float CsvReader::get<float>(std::size_t) const;
extern template double CsvReader::get<double>(std::size_t) const;
extern template std::int32_t CsvReader::get<std::int32_t>(std::size_t) const;
extern template std::int64_t CsvReader::get<std::int64_t>(std::size_t) const;
extern template std::uint64_t CsvReader::get<std::uint64_t>(std::size_t) const;

}  // namespace trackgnn::io
