// Fuzz target: a git pack of task materials as a peer sends it (MaterialStore::index_pack):
// any bytes, from a truncated transfer to a forged delta. Indexing must refuse cleanly or keep
// a pack every object of which reads back; a refused pack leaves nothing behind, and no ref
// ever moves (only set_ref moves refs, and only to complete commits).
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <memory>

#include "fuzz_targets.h"
#include "parta/materials/material_store.h"

namespace parta::fuzz {
namespace {

// One repository per process holding one assignment's first version, so thin packs built
// against it (the corpus has some) can resolve their bases.
struct Repository {
  Repository() {
    dir = std::filesystem::temp_directory_path() /
          ("parta-fuzz-material-pack-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    auto opened = MaterialStore::open(dir);
    if (!opened) std::abort();
    store = std::move(*opened);
    const MaterialFile files[] = {{"лист.txt", "Задание 1. Решите уравнение x + 2 = 5.\n"}};
    if (!store->add_files(kRef, files, kMaterialFileBytesMaxDefault)) std::abort();
  }
  ~Repository() { std::filesystem::remove_all(dir); }
  static constexpr std::string_view kRef = "refs/assignments/a1-00000001";
  std::filesystem::path dir;
  std::unique_ptr<MaterialStore> store;
};

}  // namespace

void material_pack(const uint8_t* data, size_t size) {
  static Repository repository;
  auto before = repository.store->tips();
  if (!before) std::abort();
  Status indexed =
      repository.store->index_pack(std::string_view(reinterpret_cast<const char*>(data), size));
  (void)indexed;  // refusing is fine; crashing, leaking or moving a ref is not
  auto after = repository.store->tips();
  if (!after || *after != *before) std::abort();
}

}  // namespace parta::fuzz
