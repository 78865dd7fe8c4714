// The parts of the passes split by worker: the worker phase's ranges of ids, or ids modulo the
// parts before there are any (market/worker_parts.hpp).
#include <catch2/catch.hpp>

#include <cstdint>

#include "market/worker_parts.hpp"

using namespace gigsim;

TEST_CASE("worker parts: ids modulo the parts before any ranges", "[market][parallel]") {
  const PartModulo modulo(3);
  WorkerParts parts;
  CHECK(parts.ranges() == 0);
  for (std::uint32_t id : {0u, 1u, 2u, 3u, 4u, 1000u, 2147483647u})
    CHECK(parts.part_of(id, modulo) == id % 3);
  CHECK(parts.part_of_block(5, modulo) == 2);
}

TEST_CASE("worker parts: a part's chunks in a row make one range", "[market][parallel]") {
  const PartModulo modulo(2);
  WorkerParts parts;
  // Chunks starting at ids 10, 40, 90 run by part 0, then 130 and 200 by part 1.
  parts.add_chunk(10, 0);
  parts.add_chunk(40, 0);
  parts.add_chunk(90, 0);
  parts.add_chunk(130, 1);
  parts.add_chunk(200, 1);
  CHECK(parts.ranges() == 2);
  CHECK(parts.part_of(0, modulo) == 0);  // below the first chunk: the first range's part
  CHECK(parts.part_of(10, modulo) == 0);
  CHECK(parts.part_of(129, modulo) == 0);
  CHECK(parts.part_of(130, modulo) == 1);
  CHECK(parts.part_of(5000, modulo) == 1);  // above the last chunk's first: the last range's
  // A block of 64 ids goes by its first id: ids 128-191 are part 0's, though 130-191 are not.
  CHECK(parts.part_of_block(1, modulo) == 0);
  CHECK(parts.part_of_block(2, modulo) == 0);
  CHECK(parts.part_of_block(3, modulo) == 1);
  parts.clear();
  CHECK(parts.part_of(131, modulo) == 1);  // modulo again
  CHECK(parts.part_of(130, modulo) == 0);
}

TEST_CASE("worker parts: ranges may alternate, and stop growing past their cap", "[market][parallel]") {
  const PartModulo modulo(2);
  WorkerParts parts;
  // Threads trading chunks back and forth: part 1 below part 0, then 1 again.
  parts.add_chunk(0, 1);
  parts.add_chunk(100, 0);
  parts.add_chunk(200, 1);
  CHECK(parts.ranges() == 3);
  CHECK(parts.part_of(99, modulo) == 1);
  CHECK(parts.part_of(100, modulo) == 0);
  CHECK(parts.part_of(250, modulo) == 1);
  parts.clear();
  for (std::uint32_t k = 0; k < 1000; ++k) parts.add_chunk(k * 10, static_cast<std::uint16_t>(k % 2));
  CHECK(parts.ranges() == 64);
  CHECK(parts.part_of(629, modulo) == 0);  // the 63rd range, chunk 62
  CHECK(parts.part_of(630, modulo) == 1);  // the last range takes the rest
  CHECK(parts.part_of(9990, modulo) == 1);
}
