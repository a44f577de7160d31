// The benchmark's workload: results (a student's submission and the teacher's review of it)
// that both engines write, generated from a fixed seed so both see identical data.
//
// ~600 students x ~300 assignments, 12-byte keys, Russian texts: ~70% of reviews are stock
// phrases («Молодец!», «Проверь вычисления в задаче 3»), ~30% longer comments unique to the
// work. Results come as a stream so no engine holds the whole data set (its peak memory is its
// own); every ResultStream built from the same seed yields the same sequence in this binary.
//
// Thread safety: a ResultStream is used by one thread.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "records.pb.h"

namespace parta::bench {

constexpr uint32_t kStudentsCount = 600;
constexpr uint32_t kAssignmentsCount = 300;
// Nodes the students and assignments were born on (as RecordKey origins).
constexpr uint32_t kSchoolOrigin = 0x3fa2c1d0;
constexpr uint32_t kHubOrigin = 0x1b0e5a77;

struct BenchResult {
  std::string student;     // RecordKey bytes
  std::string assignment;  // RecordKey bytes
  std::string channel;     // "online" or "paper"
  std::string answer;      // empty for paper
  int64_t submitted_ms = 0;
  uint32_t score = 0;  // 2..5
  std::string review_text;
  std::string reviewer;
  int64_t reviewed_ms = 0;
};

class ResultStream {
 public:
  explicit ResultStream(uint64_t seed);

  BenchResult next();
  // Replaces the contents of `out` with the next `count` results.
  void next_batch(size_t count, std::vector<BenchResult>* out);

 private:
  size_t pick(size_t count);  // uniform in [0, count)
  std::string compose_answer();
  std::string compose_review(uint32_t score);

  std::mt19937_64 random_;
  int64_t clock_ms_;  // advances with every submission
};

// The records a result is stored as, in both engines.
records::Submission submission_of(const BenchResult& result);
records::Review review_of(const BenchResult& result, std::string_view submission_key);

}  // namespace parta::bench
