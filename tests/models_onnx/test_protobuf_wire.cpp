// The protobuf wire format reader and writer under the ONNX scatter guard: the encodings of the
// protobuf documentation, round trips of every wire type, both layouts of repeated numbers, and
// an error for each way the bytes can be malformed.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "models/onnx/protobuf_wire.hpp"

namespace trackgnn::protobuf_wire {
namespace {

std::string bytes(std::initializer_list<int> values) {
  std::string result;
  for (int value : values) result.push_back(static_cast<char>(value));
  return result;
}

std::string varint(std::uint64_t value) {
  std::string out;
  append_varint(out, value);
  return out;
}

TEST(ProtobufWire, VarintsEncodeAsTheDocumentationShows) {
  EXPECT_EQ(varint(0), bytes({0x00}));
  EXPECT_EQ(varint(1), bytes({0x01}));
  EXPECT_EQ(varint(127), bytes({0x7f}));
  EXPECT_EQ(varint(128), bytes({0x80, 0x01}));
  EXPECT_EQ(varint(150), bytes({0x96, 0x01}));
  EXPECT_EQ(varint(300), bytes({0xac, 0x02}));
  // -1 as an int64: ten bytes, the last carrying the 64th bit.
  EXPECT_EQ(varint(static_cast<std::uint64_t>(std::int64_t{-1})),
            bytes({0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}));
}

TEST(ProtobufWire, ReadsTheDocumentationsExampleMessages) {
  // Field 1 = 150; field 2 = "testing".
  const auto fields = read_fields(bytes({0x08, 0x96, 0x01, 0x12, 0x07, 't', 'e', 's', 't', 'i', 'n', 'g'}));
  ASSERT_EQ(fields.size(), 2u);
  EXPECT_EQ(fields[0].number, 1u);
  EXPECT_EQ(fields[0].type, WireType::varint);
  EXPECT_EQ(fields[0].value, 150u);
  EXPECT_EQ(fields[1].number, 2u);
  EXPECT_EQ(fields[1].type, WireType::length_delimited);
  EXPECT_EQ(fields[1].payload, "testing");
}

TEST(ProtobufWire, EveryWireTypeRoundTripsByteForByte) {
  const std::vector<std::uint64_t> values = {
      0, 1, 127, 128, 16383, 16384, 1ull << 32, 1ull << 63, std::numeric_limits<std::uint64_t>::max()};
  MessageWriter writer;
  for (std::size_t index = 0; index < values.size(); ++index)
    writer.add_varint(static_cast<std::uint32_t>(index + 1), values[index]);
  writer.add_bytes(100, "nested bytes");
  writer.add_bytes(536870911, "");                                                      // the largest field number
  const std::string message = writer.bytes() + bytes({0x0d, 0x78, 0x56, 0x34, 0x12}) +  // field 1 fixed32
                              bytes({0x11, 1, 2, 3, 4, 5, 6, 7, 8});                    // field 2 fixed64

  const auto fields = read_fields(message);
  ASSERT_EQ(fields.size(), values.size() + 4);
  for (std::size_t index = 0; index < values.size(); ++index) EXPECT_EQ(fields[index].value, values[index]) << index;
  EXPECT_EQ(fields[values.size()].payload, "nested bytes");
  EXPECT_EQ(fields[values.size() + 1].number, 536870911u);
  EXPECT_EQ(fields[values.size() + 2].type, WireType::fixed32);
  EXPECT_EQ(fields[values.size() + 2].value, 0x12345678u);
  EXPECT_EQ(fields[values.size() + 3].type, WireType::fixed64);
  EXPECT_EQ(fields[values.size() + 3].value, 0x0807060504030201u);

  MessageWriter copy;
  for (const auto& field : fields) copy.add(field);
  EXPECT_EQ(copy.bytes(), message);
}

TEST(ProtobufWire, RepeatedNumbersReadTheSamePackedOrOneFieldEach) {
  const std::vector<std::uint64_t> values = {3, 0, 300, static_cast<std::uint64_t>(std::int64_t{-2})};
  MessageWriter packed;
  packed.add_packed_varints(7, values);
  MessageWriter one_each;
  for (auto value : values) one_each.add_varint(7, value);
  one_each.add_varint(8, 99);  // another field in between is not one of them
  EXPECT_EQ(read_varints(read_fields(packed.bytes()), 7), values);
  EXPECT_EQ(read_varints(read_fields(one_each.bytes()), 7), values);

  // float_data: fixed32 values, packed (1.0f, 0.0f) and one field each.
  const std::string packed_floats = bytes({0x22, 0x08, 0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x00, 0x00});
  const std::string one_float_each = bytes({0x25, 0x00, 0x00, 0x80, 0x3f, 0x25, 0x00, 0x00, 0x00, 0x00});
  const std::vector<std::uint32_t> float_bits = {0x3f800000u, 0u};
  EXPECT_EQ(read_fixed32s(read_fields(packed_floats), 4), float_bits);
  EXPECT_EQ(read_fixed32s(read_fields(one_float_each), 4), float_bits);
}

void expect_malformed(const std::string& message, const std::string& why) {
  try {
    read_fields(message);
    ADD_FAILURE() << "read: " << why;
  } catch (const WireFormatError& error) {
    EXPECT_NE(std::string(error.what()).find(why), std::string::npos) << error.what();
  }
}

TEST(ProtobufWire, MalformedBytesAreErrorsThatSayWhat) {
  expect_malformed(bytes({0x08, 0x96}), "a varint runs past the end");
  expect_malformed(bytes({0x12, 0x07, 'a', 'b', 'c'}), "a field of 7 bytes runs past the end");
  expect_malformed(bytes({0x0d, 0x01, 0x02}), "a field of 4 bytes runs past the end");
  expect_malformed(bytes({0x0b}), "wire type 3 of field 1");
  expect_malformed(bytes({0x0c}), "wire type 4 of field 1");
  expect_malformed(bytes({0x00, 0x00}), "field number 0 is out of range");
  expect_malformed(bytes({0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02}), "exceeds 64 bits");
  expect_malformed(bytes({0x08, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00}),
                   "longer than 10 bytes");
  // A text file: '#' is field 4 with wire type 3.
  expect_malformed("#!/usr/bin/python3\n", "wire type 3 of field 4");
}

TEST(ProtobufWire, RepeatedNumberOfTheWrongWireTypeIsAnError) {
  MessageWriter writer;
  writer.add_varint(4, 1);  // float_data must be fixed32
  EXPECT_THROW(read_fixed32s(read_fields(writer.bytes()), 4), WireFormatError);
}

TEST(ProtobufWire, EmptyMessageHasNoFields) { EXPECT_TRUE(read_fields("").empty()); }

}  // namespace
}  // namespace trackgnn::protobuf_wire
