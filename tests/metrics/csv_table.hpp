#pragma once
// Reads the plot CSVs of `trackgnn eval --plots` back for the tests: the header and the rows as
// strings, so that a test can compare counts exactly and values as written.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace trackgnn::test {

struct CsvTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
};

inline std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> fields;
  std::stringstream stream(line);
  std::string field;
  while (std::getline(stream, field, ',')) fields.push_back(field);
  return fields;
}

inline CsvTable read_csv_table(const std::filesystem::path& file) {
  std::ifstream in(file);
  CsvTable table;
  std::string line;
  if (std::getline(in, line)) table.header = split_csv_line(line);
  while (std::getline(in, line)) table.rows.push_back(split_csv_line(line));
  return table;
}

// Column `column` (0: bin_low ... 6: error_high) of every row.
inline std::vector<std::string> csv_column(const CsvTable& table, std::size_t column) {
  std::vector<std::string> values;
  for (const auto& row : table.rows) values.push_back(column < row.size() ? row[column] : std::string());
  return values;
}

}  // namespace trackgnn::test
