#include "io/csv_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <charconv>
#include <cmath>
#include <limits>
#include <type_traits>

#include "io/file_io.hpp"
#include "trackgnn/core/errors.hpp"

namespace trackgnn::io {

namespace {

constexpr std::string_view kUtf8ByteOrderMark = "\xEF\xBB\xBF";

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_blank(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_blank(text.back())) text.remove_suffix(1);
  return text;
}

// A field as written, without the double quotes some writers put around every field.
std::string_view unquote(std::string_view field) {
  field = trim(field);
  if (field.size() >= 2 && field.front() == '"' && field.back() == '"') field = field.substr(1, field.size() - 2);
  return field;
}

// Splits the line starting at `position` into fields in one pass and returns the position
// after its newline (or the end of the text). A comma inside double quotes belongs to its field.
std::size_t split_line(std::string_view text, std::size_t position, std::vector<std::string_view>& fields) {
  fields.clear();
  std::size_t start = position;
  bool quoted = false;
  for (; position < text.size(); ++position) {
    const char c = text[position];
    if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      fields.push_back(unquote(text.substr(start, position - start)));
      start = position + 1;
    } else if (c == '\n') {
      break;
    }
  }
  fields.push_back(unquote(text.substr(start, position - start)));
  return position + 1;
}

// Text for an error message: control characters (a NUL would end the message) as \xNN.
std::string printable(std::string_view text) {
  std::string result;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) result += fmt::format("\\x{:02x}", byte);
    else result += c;
  }
  return result;
}

// Integers a double holds exactly; a fractional-looking integer field ("7.0", "1e3", as pandas
// writes integer columns that once held NaN) is accepted only within this range.
constexpr double kLargestExactInteger = 9007199254740992.0;  // 2^53

}  // namespace

CsvReader::CsvReader(const std::filesystem::path& file) : file_(file.string()), text_(read_whole_file(file)) {
  if (std::string_view(text_).substr(0, kUtf8ByteOrderMark.size()) == kUtf8ByteOrderMark)
    position_ = kUtf8ByteOrderMark.size();
  record_capacity_ = static_cast<std::size_t>(std::count(text_.begin(), text_.end(), '\n')) + 1;
  if (!next()) throw InputError(file_, 0, "empty file: expected a header line");
  for (const std::string_view name : fields_) {
    if (name.empty()) fail("header has an empty column name");
    if (has_column(name)) fail("header names column '" + printable(name) + "' twice");
    header_.emplace_back(name);
  }
}

bool CsvReader::has_column(std::string_view name) const {
  return std::find(header_.begin(), header_.end(), name) != header_.end();
}

std::size_t CsvReader::column(std::string_view name) const {
  const auto found = std::find(header_.begin(), header_.end(), name);
  if (found == header_.end()) throw InputError(file_, 1, "missing column '" + printable(name) + "'");
  return static_cast<std::size_t>(found - header_.begin());
}

bool CsvReader::next() {
  const std::string_view text(text_);
  while (position_ < text.size()) {
    position_ = split_line(text, position_, fields_);
    ++line_;
    if (fields_.size() == 1 && fields_[0].empty()) continue;  // a blank line
    const bool last_line_without_newline = position_ > text.size();
    if (!header_.empty() && fields_.size() != header_.size()) {
      fail(std::string(last_line_without_newline ? "truncated last line: " : "") + "expected " +
           std::to_string(header_.size()) + " fields as in the header, found " + std::to_string(fields_.size()));
    }
    // A cut inside the last field ("...,15" become "...,1") leaves a record as well-formed as the
    // others, indistinguishable from a file whose writer left out the final newline: read it (its
    // fields are checked like every record's) and say that it may be short.
    if (!header_.empty() && last_line_without_newline)
      fmt::print(stderr,
                 "trackgnn: warning: {}:{}: the file does not end with a newline, so its last record may have been "
                 "cut short; it is read as it stands\n",
                 file_, line_);
    return true;
  }
  return false;
}

void CsvReader::fail(const std::string& what) const { throw InputError(file_, line_, what); }

template <typename T>
T CsvReader::get(std::size_t column) const {
  const std::string_view text = fields_[column];
  const auto describe = [&] { return "column '" + printable(header_[column]) + "': '" + printable(text) + "'"; };
  if (text.empty()) fail("column '" + header_[column] + "' is empty");
  const char* first = text.data();
  const char* const last = text.data() + text.size();
  // std::from_chars rejects the leading plus sign that some writers emit.
  if (*first == '+' && text.size() > 1) ++first;

  T value{};
  const auto [end, error] = std::from_chars(first, last, value);
  if constexpr (std::is_floating_point_v<T>) {
    if (error == std::errc::result_out_of_range && end == last) {
      // Below the smallest normal number (1e-50 in a float column): the nearest value, a denormal
      // or zero, as other readers give. Only magnitudes too large are out of range.
      const long double wide = std::strtold(std::string(first, last).c_str(), nullptr);
      if (std::fabs(wide) < 1) return static_cast<T>(wide);
    }
    if (error == std::errc::result_out_of_range) fail(describe() + " is out of range");
    if (error != std::errc() || end != last) fail(describe() + " is not a number");
    if (!std::isfinite(value)) fail(describe() + " is not finite");
    return value;
  } else {
    if (error == std::errc() && end == last) return value;
    if (error == std::errc::result_out_of_range) fail(describe() + " is out of range");
    double real = 0;
    const auto [real_end, real_error] = std::from_chars(first, last, real);
    if (real_error != std::errc() || real_end != last) fail(describe() + " is not a number");
    if (!std::isfinite(real)) fail(describe() + " is not finite");
    if (std::trunc(real) != real || std::fabs(real) > kLargestExactInteger) fail(describe() + " is not an integer");
    if (real < static_cast<double>(std::numeric_limits<T>::min()) ||
        real > static_cast<double>(std::numeric_limits<T>::max()))
      fail(describe() + " is out of range");
    return static_cast<T>(real);
  }
}

template float CsvReader::get<float>(std::size_t) const;
template double CsvReader::get<double>(std::size_t) const;
template std::int32_t CsvReader::get<std::int32_t>(std::size_t) const;
template std::int64_t CsvReader::get<std::int64_t>(std::size_t) const;
template std::uint64_t CsvReader::get<std::uint64_t>(std::size_t) const;

}  // namespace trackgnn::io
