// parta-train-dict: trains the zstd dictionary changeset batches are compressed with
// (docs/changeset-format.md "Dictionary"), on the ops of a node filled by parta-gen, and
// writes it as a .zdict file and, with --emit-cpp, as the C++ source that builds it into
// parta_sync. tools/train-dict.sh runs the whole procedure. With --measure it trains nothing
// and reports how the dictionary built into this binary does on the node's ops; with
// --fuzz-seeds it writes the changeset fuzz corpus seeds from them.
// Errors go to stderr with exit code 1; a malformed command line exits with 2.
#include <fmt/format.h>

#include "parta/storage/atomic_file.h"

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>

#include "codec_figures.h"
#include "dictionary_source.h"
#include "fuzz_seeds.h"
#include "node_batches.h"
#include "parta/sync/changeset_body.h"
#include "parta/sync/changeset_dictionary.h"

namespace parta::train_dict {
namespace {

struct Options {
  std::string node_dir;
  std::string out;
  std::string emit_cpp;
  size_t dictionary_bytes = 65536;
  bool measure = false;
  size_t batch_ops = 0;
  uint64_t seq_min = 1;
  std::string fuzz_seeds;
};

Status train(const Options& options, std::span<const Batch> batches) {
  std::vector<std::string> samples;
  size_t sample_bytes = 0;
  for (const Batch& batch : batches) {
    auto body = encode_changeset_body(batch);
    if (!body) return body.status();
    sample_bytes += body->size();
    samples.push_back(std::move(*body));
  }
  fmt::print("samples: {} bodies, {} bytes\n", samples.size(), sample_bytes);
  auto dictionary = train_changeset_dictionary(samples, options.dictionary_bytes);
  if (!dictionary) return dictionary.status();
  PARTA_RETURN_IF_ERROR(write_file_atomically(options.out, *dictionary));
  fmt::print("dictionary: {}, id {}, {} bytes\n", options.out, changeset_dictionary_id(*dictionary),
             dictionary->size());
  if (!options.emit_cpp.empty()) {
    PARTA_RETURN_IF_ERROR(
        write_file_atomically(options.emit_cpp, dictionary_source(*dictionary, options.out)));
    fmt::print("source: {}\n", options.emit_cpp);
  }
  return Status::ok();
}

Status run(const Options& options) {
  auto batches = read_node_batches(options.node_dir, options.measure ? options.batch_ops : 0,
                                   options.measure ? options.seq_min : 1);
  if (!batches) return batches.status();
  if (!options.fuzz_seeds.empty()) return write_fuzz_seeds(*batches, options.fuzz_seeds);
  if (options.measure) {
    auto figures = measure_codec(*batches);
    if (!figures) return figures.status();
    fmt::print("{}", format_figures(*figures));
    return Status::ok();
  }
  if (options.out.empty()) return Status::invalid("--out is required unless --measure is given");
  return train(options, *batches);
}

}  // namespace
}  // namespace parta::train_dict

int main(int argc, char** argv) {
  parta::train_dict::Options options;
  CLI::App app{
      "parta-train-dict: trains the zstd dictionary for changeset batches on a node's ops "
      "(run tools/train-dict.sh), or measures the built-in one with --measure."};
  app.add_option("--node", options.node_dir, "the node whose op log gives the samples")
      ->required()
      ->check(CLI::ExistingDirectory);
  app.add_option("--out", options.out, "write the trained dictionary to FILE (.zdict)");
  app.add_option("--dict-bytes", options.dictionary_bytes, "largest dictionary size in bytes")
      ->capture_default_str()
      ->check(CLI::Range(size_t{1024}, size_t{1} << 20));
  app.add_option("--emit-cpp", options.emit_cpp,
                 "also write the dictionary as C++ source for parta_sync "
                 "(sync/src/changeset_dictionary_data.cpp)");
  app.add_flag("--measure", options.measure,
               "train nothing: report bytes per op and ops/s of this build's codec on the node");
  app.add_option("--batch-ops", options.batch_ops,
                 "with --measure: batches of this many ops across scopes, as sync sends them "
                 "(default: 100-500 ops per scope, as the dictionary is trained)")
      ->check(CLI::Range(size_t{1}, size_t{5000}));
  app.add_option("--fuzz-seeds", options.fuzz_seeds,
                 "train nothing: write the changeset fuzz corpus seeds, made of the node's ops, "
                 "into DIR (tests/fuzz/corpus/changeset)")
      ->check(CLI::ExistingDirectory);
  app.add_option("--seq-min", options.seq_min,
                 "with --measure: only ops from this seq on (what a second fill wrote)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error) == 0 ? 0 : 2;
  }
  parta::Status status = parta::train_dict::run(options);
  if (!status.is_ok()) {
    fmt::print(stderr, "parta-train-dict: {}\n", status.message());
    return 1;
  }
  return 0;
}
