#include "models/onnx/protobuf_wire.hpp"

namespace trackgnn::protobuf_wire {
namespace {

constexpr unsigned kVarintPayloadBits = 7;
constexpr std::uint8_t kVarintContinuation = 0x80;
constexpr std::uint8_t kVarintPayloadMask = 0x7f;
// 64 bits in groups of 7: the tenth byte carries the last bit.
constexpr std::size_t kMaxVarintBytes = 10;
constexpr std::uint64_t kLastVarintByteMax = 1;
constexpr unsigned kTagTypeBits = 3;
constexpr std::uint64_t kTagTypeMask = 0x7;
constexpr std::uint64_t kMaxFieldNumber = (std::uint64_t{1} << 29) - 1;
constexpr std::size_t kFixed32Bytes = 4;
constexpr std::size_t kFixed64Bytes = 8;
constexpr unsigned kBitsPerByte = 8;
constexpr std::uint64_t kByteMask = 0xff;

class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}

  bool done() const { return position_ == bytes_.size(); }

  std::uint64_t varint() {
    std::uint64_t value = 0;
    for (std::size_t index = 0; index < kMaxVarintBytes; ++index) {
      if (done()) fail("a varint runs past the end");
      const auto byte = static_cast<std::uint8_t>(bytes_[position_++]);
      const std::uint64_t payload = byte & kVarintPayloadMask;
      if (index == kMaxVarintBytes - 1 && payload > kLastVarintByteMax) fail("a varint exceeds 64 bits");
      value |= payload << (kVarintPayloadBits * index);
      if ((byte & kVarintContinuation) == 0) return value;
    }
    fail("a varint is longer than 10 bytes");
  }

  std::string_view take(std::uint64_t count) {
    if (count > bytes_.size() - position_) fail("a field of " + std::to_string(count) + " bytes runs past the end");
    auto result = bytes_.substr(position_, static_cast<std::size_t>(count));
    position_ += static_cast<std::size_t>(count);
    return result;
  }

  std::uint64_t little_endian(std::size_t width) {
    const auto bytes = take(width);
    std::uint64_t value = 0;
    for (std::size_t index = 0; index < width; ++index)
      value |= std::uint64_t{static_cast<std::uint8_t>(bytes[index])} << (kBitsPerByte * index);
    return value;
  }

  [[noreturn]] void fail(const std::string& what) const {
    throw WireFormatError("malformed protobuf at byte " + std::to_string(position_) + " of " +
                          std::to_string(bytes_.size()) + ": " + what);
  }

 private:
  std::string_view bytes_;
  std::size_t position_ = 0;
};

Field read_field(Reader& reader) {
  const std::uint64_t tag = reader.varint();
  const std::uint64_t number = tag >> kTagTypeBits;
  if (number == 0 || number > kMaxFieldNumber)
    reader.fail("field number " + std::to_string(number) + " is out of range");
  Field field;
  field.number = static_cast<std::uint32_t>(number);
  switch (tag & kTagTypeMask) {
    case static_cast<std::uint64_t>(WireType::varint):
      field.type = WireType::varint;
      field.value = reader.varint();
      break;
    case static_cast<std::uint64_t>(WireType::fixed64):
      field.type = WireType::fixed64;
      field.value = reader.little_endian(kFixed64Bytes);
      break;
    case static_cast<std::uint64_t>(WireType::length_delimited):
      field.type = WireType::length_delimited;
      field.payload = reader.take(reader.varint());
      break;
    case static_cast<std::uint64_t>(WireType::fixed32):
      field.type = WireType::fixed32;
      field.value = reader.little_endian(kFixed32Bytes);
      break;
    default:
      reader.fail("wire type " + std::to_string(tag & kTagTypeMask) + " of field " + std::to_string(number) +
                  " is not one protobuf writes (a group, or not a protobuf message)");
  }
  return field;
}

// The values of every field `number` of `fields`: one per field of `scalar_type`, or many packed
// into a length-delimited field, read by `read_one`.
template <typename Value, typename ReadOne>
std::vector<Value> read_repeated(const std::vector<Field>& fields, std::uint32_t number, WireType scalar_type,
                                 ReadOne read_one) {
  std::vector<Value> values;
  for (const auto& field : fields) {
    if (field.number != number) continue;
    if (field.type == scalar_type) {
      values.push_back(static_cast<Value>(field.value));
    } else if (field.type == WireType::length_delimited) {
      Reader packed(field.payload);
      while (!packed.done()) values.push_back(static_cast<Value>(read_one(packed)));
    } else {
      throw WireFormatError("field " + std::to_string(number) + " has wire type " +
                            std::to_string(static_cast<int>(field.type)) + ", not a repeated number's");
    }
  }
  return values;
}

}  // namespace

std::vector<Field> read_fields(std::string_view message) {
  Reader reader(message);
  std::vector<Field> fields;
  while (!reader.done()) fields.push_back(read_field(reader));
  return fields;
}

std::vector<std::uint64_t> read_varints(const std::vector<Field>& fields, std::uint32_t number) {
  return read_repeated<std::uint64_t>(fields, number, WireType::varint, [](Reader& r) { return r.varint(); });
}

std::vector<std::uint32_t> read_fixed32s(const std::vector<Field>& fields, std::uint32_t number) {
  return read_repeated<std::uint32_t>(fields, number, WireType::fixed32,
                                      [](Reader& r) { return r.little_endian(kFixed32Bytes); });
}

std::vector<std::uint64_t> read_fixed64s(const std::vector<Field>& fields, std::uint32_t number) {
  return read_repeated<std::uint64_t>(fields, number, WireType::fixed64,
                                      [](Reader& r) { return r.little_endian(kFixed64Bytes); });
}

void append_varint(std::string& out, std::uint64_t value) {
  while (value > kVarintPayloadMask) {
    out.push_back(static_cast<char>((value & kVarintPayloadMask) | kVarintContinuation));
    value >>= kVarintPayloadBits;
  }
  out.push_back(static_cast<char>(value));
}

void MessageWriter::add_tag(std::uint32_t number, WireType type) {
  append_varint(bytes_, (std::uint64_t{number} << kTagTypeBits) | static_cast<std::uint64_t>(type));
}

void MessageWriter::add_varint(std::uint32_t number, std::uint64_t value) {
  add_tag(number, WireType::varint);
  append_varint(bytes_, value);
}

void MessageWriter::add_bytes(std::uint32_t number, std::string_view payload) {
  add_tag(number, WireType::length_delimited);
  append_varint(bytes_, payload.size());
  bytes_.append(payload);
}

void MessageWriter::add_packed_varints(std::uint32_t number, const std::vector<std::uint64_t>& values) {
  std::string packed;
  for (auto value : values) append_varint(packed, value);
  add_bytes(number, packed);
}

void MessageWriter::add(const Field& field) {
  switch (field.type) {
    case WireType::varint:
      add_varint(field.number, field.value);
      return;
    case WireType::length_delimited:
      add_bytes(field.number, field.payload);
      return;
    case WireType::fixed64:
    case WireType::fixed32: {
      add_tag(field.number, field.type);
      const std::size_t width = field.type == WireType::fixed64 ? kFixed64Bytes : kFixed32Bytes;
      for (std::size_t index = 0; index < width; ++index)
        bytes_.push_back(static_cast<char>((field.value >> (kBitsPerByte * index)) & kByteMask));
      return;
    }
  }
}

}  // namespace trackgnn::protobuf_wire
