// Parta's engine in the store benchmark: the phases of engines.h through parta::Store, and the
// op file a peer would receive (make_remote_ops).
#include "engines.h"
#include "op_file.h"
#include "parta/storage/scopes.h"
#include "parta/storage/store.h"
#include "records.pb.h"
#include "timed_feed.h"

namespace parta::bench {
namespace {

// What a teacher recording one mark writes: the submission and its review.
Status put_result(WriteTxn& txn, std::string_view scope, const BenchResult& result) {
  RecordKey submission = txn.new_key();
  PARTA_RETURN_IF_ERROR(
      txn.put(RecordType::kSubmission, submission.bytes(), submission_of(result), scope));
  RecordKey review = txn.new_key();
  return txn.put(RecordType::kReview, review.bytes(), review_of(result, submission.bytes()), scope);
}

Result<std::unique_ptr<Store>> create_store(const std::filesystem::path& dir) {
  StoreOptions options;
  options.dir = dir;
  return Store::create(options, "Средняя школа № 1 п. Северный", "school");
}

Result<LoadFigures> load_results(Store& store, uint64_t seed, size_t count,
                                 size_t per_transaction) {
  const std::string scope = school_scope(store.node().school);
  auto rate = timed_load(seed, count, per_transaction, [&](std::span<const BenchResult> results) {
    return store.write([&](WriteTxn& txn) -> Status {
      for (const auto& result : results) PARTA_RETURN_IF_ERROR(put_result(txn, scope, result));
      return Status::ok();
    });
  });
  if (!rate) return rate.status();
  auto bytes = store.disk_bytes();
  if (!bytes) return bytes.status();
  return LoadFigures{*rate, *bytes};
}

class PartaEngine final : public Engine {
 public:
  PartaEngine(uint64_t seed, std::filesystem::path work_dir)
      : seed_(seed), work_dir_(std::move(work_dir)) {}

  Result<LoadFigures> load(std::string_view name, size_t count, size_t per_transaction) override {
    PARTA_RETURN_IF_ERROR(open_fresh(name));
    return load_results(*store_, seed_, count, per_transaction);
  }

  Result<double> apply(std::string_view name, const std::filesystem::path& ops_file,
                       size_t per_batch) override {
    PARTA_RETURN_IF_ERROR(open_fresh(name));
    return timed_apply(ops_file, per_batch,
                       [&](std::span<const oplog::Op> ops) { return store_->apply_remote(ops); });
  }

 private:
  Status open_fresh(std::string_view name) {
    store_.reset();
    auto store = create_store(work_dir_ / name);
    if (!store) return store.status();
    store_ = std::move(*store);
    return Status::ok();
  }

  const uint64_t seed_;
  const std::filesystem::path work_dir_;
  std::unique_ptr<Store> store_;  // the latest phase's database
};

}  // namespace

std::unique_ptr<Engine> make_parta_engine(const BenchOptions& options,
                                          const std::filesystem::path& work_dir) {
  return std::make_unique<PartaEngine>(options.seed, work_dir);
}

Status make_remote_ops(const BenchOptions& options, const std::filesystem::path& work_dir,
                       const std::filesystem::path& ops_file) {
  auto source = create_store(work_dir);
  if (!source) return source.status();
  auto loaded =
      load_results(**source, options.seed, options.remote_results, options.results_per_batch);
  if (!loaded) return loaded.status();
  auto writer = OpFileWriter::create(ops_file);
  if (!writer) return writer.status();
  Status written;
  PARTA_RETURN_IF_ERROR((*source)->read([&](const ReadView& view) {
    return view.for_each_op((*source)->node().origin, 1, [&](const oplog::Op& op) {
      // The node's own School record is not part of the workload.
      if (op.record_type() == static_cast<uint32_t>(RecordType::kSchool)) return true;
      written = (*writer)->append(op);
      return written.is_ok();
    });
  }));
  PARTA_RETURN_IF_ERROR(written);
  return (*writer)->finish();
}

}  // namespace parta::bench
