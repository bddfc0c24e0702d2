#include "stages/entities/ner_bytes.h"

#include <zlib.h>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace wirelens::stages::entities {

std::string Compress(std::string_view bytes) {
  ByteWriter out;
  out.Put<uint64_t>(bytes.size());
  uLongf bound = compressBound(static_cast<uLong>(bytes.size()));
  std::string buffer(bound, '\0');
  const int rc = compress2(reinterpret_cast<Bytef*>(buffer.data()), &bound,
                           reinterpret_cast<const Bytef*>(bytes.data()),
                           static_cast<uLong>(bytes.size()), Z_BEST_COMPRESSION);
  // compress2 into a compressBound()-sized buffer cannot fail short of
  // memory exhaustion, which the process does not survive anyway.
  if (rc != Z_OK) std::abort();
  buffer.resize(bound);
  out.PutBytes(buffer);
  return std::move(out.bytes());
}

absl::StatusOr<std::string> Decompress(std::string_view framed) {
  ByteReader in(framed);
  uint64_t size = 0;
  if (!in.Get(&size)) return absl::DataLossError("compressed payload: truncated header");
  if (size > (uint64_t{1} << 32)) {
    return absl::DataLossError(absl::StrCat("compressed payload: implausible size ", size));
  }
  std::string out(size, '\0');
  uLongf out_len = static_cast<uLongf>(size);
  const int rc =
      uncompress(reinterpret_cast<Bytef*>(out.data()), &out_len,
                 reinterpret_cast<const Bytef*>(framed.data() + 8), framed.size() - 8);
  if (rc != Z_OK || out_len != size) {
    return absl::DataLossError(absl::StrCat("compressed payload: zlib error ", rc));
  }
  return out;
}

}  // namespace wirelens::stages::entities
