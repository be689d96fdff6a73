#pragma once
// The protobuf wire format (protobuf.dev/programming-guides/encoding): a message is a sequence of
// fields, each a tag (field number and wire type, as a varint) and a value. Enough of it to read
// an ONNX model's fields and to write a changed message back, every field we do not change copied
// as it was. No schema: callers name the field numbers they care about.
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace trackgnn::protobuf_wire {

class WireFormatError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Groups (wire types 3 and 4) are deprecated and never written by ONNX; reading one is an error.
enum class WireType : std::uint8_t { varint = 0, fixed64 = 1, length_delimited = 2, fixed32 = 5 };

struct Field {
  std::uint32_t number = 0;
  WireType type = WireType::varint;
  std::uint64_t value = 0;   // varint, fixed64 and fixed32 fields
  std::string_view payload;  // length-delimited fields: a string, bytes, a sub-message or a packed array
};

// The fields of `message` in the order they appear. Views into `message`, which must outlive them.
// Throws WireFormatError for truncated or malformed input.
std::vector<Field> read_fields(std::string_view message);

// The values of a repeated numeric field, which a writer may pack into one length-delimited field
// or write one field per value: pass every field with that number.
std::vector<std::uint64_t> read_varints(const std::vector<Field>& fields, std::uint32_t number);
std::vector<std::uint32_t> read_fixed32s(const std::vector<Field>& fields, std::uint32_t number);
std::vector<std::uint64_t> read_fixed64s(const std::vector<Field>& fields, std::uint32_t number);

// Builds a message field by field.
class MessageWriter {
 public:
  void add_varint(std::uint32_t number, std::uint64_t value);
  void add_bytes(std::uint32_t number, std::string_view payload);  // string, bytes or sub-message
  void add_packed_varints(std::uint32_t number, const std::vector<std::uint64_t>& values);
  void add(const Field& field);  // a field as read_fields returned it, unchanged

  const std::string& bytes() const { return bytes_; }

 private:
  void add_tag(std::uint32_t number, WireType type);
  std::string bytes_;
};

void append_varint(std::string& out, std::uint64_t value);

}  // namespace trackgnn::protobuf_wire
