// SQLite's engine in the store benchmark: the phases of engines.h through SqliteStore.
#include <fmt/format.h>

#include "engines.h"
#include "sqlite_store.h"
#include "timed_feed.h"

namespace parta::bench {
namespace {

// This node's origin in keys and ops; any value other than the op file's origin would do.
constexpr uint32_t kSqliteOrigin = 0x51e7e001;

class SqliteEngine final : public Engine {
 public:
  SqliteEngine(uint64_t seed, std::filesystem::path work_dir)
      : seed_(seed), work_dir_(std::move(work_dir)) {}

  Result<LoadFigures> load(std::string_view name, size_t count, size_t per_transaction) override {
    PARTA_RETURN_IF_ERROR(open_fresh(name));
    auto rate = timed_load(
        seed_, count, per_transaction,
        [&](std::span<const BenchResult> results) { return store_->write_results(results); });
    if (!rate) return rate.status();
    auto bytes = store_->checkpointed_disk_bytes();
    if (!bytes) return bytes.status();
    return LoadFigures{*rate, *bytes};
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
    std::error_code error;
    std::filesystem::create_directories(work_dir_, error);
    if (error) {
      return Status::io(fmt::format("cannot create {}: {}", work_dir_.string(), error.message()));
    }
    auto store = SqliteStore::create(work_dir_ / fmt::format("{}.db", name), kSqliteOrigin);
    if (!store) return store.status();
    store_ = std::move(*store);
    return Status::ok();
  }

  const uint64_t seed_;
  const std::filesystem::path work_dir_;
  std::unique_ptr<SqliteStore> store_;  // the latest phase's database
};

}  // namespace

std::unique_ptr<Engine> make_sqlite_engine(const BenchOptions& options,
                                           const std::filesystem::path& work_dir) {
  return std::make_unique<SqliteEngine>(options.seed, work_dir);
}

}  // namespace parta::bench
