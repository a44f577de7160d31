// `parta material add|get|list`: an assignment's files as git objects in DIR/materials.git,
// and (`get --review`) the recording of an audio review kept there too.
// Order of every add (docs/materials-store.md): the files go into git (objects, then the ref)
// before the Assignment record names the new commit, so a crash never leaves a record naming
// an object that is not there.
#include "cmd_material.h"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <set>

#include "listing.h"
#include "parta/materials/material_store.h"
#include "parta/storage/atomic_file.h"
#include "parta/storage/scopes.h"

namespace parta::cli {
namespace {

constexpr int64_t kFileBytesMaxLimit = int64_t{1} << 30;  // a setting above 1 GiB is a typo

Status read_limit(const toml::table& materials, const std::filesystem::path& path,
                  std::string_view key, uint64_t* out) {
  const toml::node* node = materials.get(key);
  if (node == nullptr) return Status::ok();
  auto value = node->value<int64_t>();
  if (!value || *value < 1 || *value > kFileBytesMaxLimit) {
    return Status::invalid(fmt::format(
        "{} line {}: materials.{} must be a number of bytes from 1 to {}, like 20971520 "
        "(20 MiB)",
        path.string(), node->source().begin.line, key, kFileBytesMaxLimit));
  }
  *out = static_cast<uint64_t>(*value);
  return Status::ok();
}

// Per-file limits from [materials] in DIR/parta.toml (defaults in material_store.h): task
// materials, and audio reviews (`result record --audio`).
struct MaterialSettings {
  uint64_t file_bytes_max;
  uint64_t audio_bytes_max;
};

Result<MaterialSettings> read_material_settings(const std::filesystem::path& dir) {
  MaterialSettings settings{kMaterialFileBytesMaxDefault, kAudioFileBytesMaxDefault};
  auto path = dir / kConfigFileName;
  toml::table root;
  try {
    root = toml::parse_file(path.string());
  } catch (const toml::parse_error& error) {
    return Status::invalid(fmt::format("{} line {}: {}", path.string(), error.source().begin.line,
                                       error.description()));
  }
  const toml::node* materials = root.get("materials");
  if (materials == nullptr) return settings;
  if (!materials->is_table()) {
    return Status::invalid(fmt::format("{}: materials must be a [materials] table", path.string()));
  }
  for (const auto& [key, value] : *materials->as_table()) {
    if (key != "file_bytes_max" && key != "audio_bytes_max") {
      return Status::invalid(
          fmt::format("{} line {}: [materials] has no setting \"{}\" (known: file_bytes_max, "
                      "audio_bytes_max)",
                      path.string(), value.source().begin.line, key.str()));
    }
  }
  PARTA_RETURN_IF_ERROR(
      read_limit(*materials->as_table(), path, "file_bytes_max", &settings.file_bytes_max));
  PARTA_RETURN_IF_ERROR(
      read_limit(*materials->as_table(), path, "audio_bytes_max", &settings.audio_bytes_max));
  return settings;
}

struct AssignmentRecord {
  RecordKey key;
  records::Assignment assignment;
  std::string id;  // its text id, as the ref names it
};

Result<AssignmentRecord> read_assignment(OpenNode& node, const std::string& text) {
  auto key = node.records->parse_key(text, RecordType::kAssignment);
  if (!key) return key.status();
  AssignmentRecord record{*key, {}, node.records->id_text(RecordType::kAssignment, *key)};
  Status status = node.store->read([&](const ReadView& view) {
    return view.get(RecordType::kAssignment, key->bytes(), &record.assignment);
  });
  if (status.kind() == Status::Kind::kNotFound) {
    return Status::not_found(fmt::format("no assignment {}; see 'parta list assignments'", text));
  }
  if (!status.is_ok()) return status;
  return record;
}

// The commit the record names; NotFound, saying what to do, when it names none.
Result<std::string> current_commit(const AssignmentRecord& record) {
  if (record.assignment.material_refs().empty()) {
    return Status::not_found(
        fmt::format("assignment {} has no materials; add them with 'parta material add FILE... "
                    "--assignment {}'",
                    record.id, record.id));
  }
  return record.assignment.material_refs(0);
}

struct AddOptions {
  std::vector<std::string> files;
  std::string assignment;
};

Status check_distinct_names(const std::vector<MaterialFile>& files) {
  std::set<std::string> names;
  for (const MaterialFile& file : files) {
    if (!names.insert(file.name).second) {
      return Status::invalid(fmt::format(
          "two of the files are named {}; a material is stored under its base name, so rename "
          "one",
          file.name));
    }
  }
  return Status::ok();
}

Result<std::vector<MaterialFile>> read_files_to_add(const OpenNode& node, const AddOptions& options,
                                                    const MaterialSettings& settings) {
  const std::string limit_setting = fmt::format("[materials] file_bytes_max in {}",
                                                (node.store->dir() / kConfigFileName).string());
  std::vector<MaterialFile> files;
  for (const std::string& path : options.files) {
    auto file = read_material_file(path, settings.file_bytes_max, limit_setting);
    if (!file) return file.status();
    files.push_back(std::move(*file));
  }
  PARTA_RETURN_IF_ERROR(check_distinct_names(files));
  return files;
}

// Names `commit` in the assignment record: one op in the assignment's group scope.
Status record_materials_commit(OpenNode& node, const AssignmentRecord& record,
                               const std::string& commit) {
  auto group = RecordKey::from_bytes(record.assignment.group());
  if (!group) return group.status();
  records::Assignment update;
  update.add_material_refs(commit);
  const uint32_t fields[] = {records::Assignment::kMaterialRefsFieldNumber};
  return node.store->write([&](WriteTxn& txn) {
    return txn.put_fields(RecordType::kAssignment, record.key.bytes(), update, fields,
                          group_scope(*group));
  });
}

Status material_add(OpenNode& node, const AddOptions& options) {
  auto record = read_assignment(node, options.assignment);
  if (!record) return record.status();
  auto settings = read_material_settings(node.store->dir());
  if (!settings) return settings.status();
  auto files = read_files_to_add(node, options, *settings);
  if (!files) return files.status();
  auto materials = MaterialStore::open(node.store->dir());
  if (!materials) return materials.status();
  if (!record->assignment.material_refs().empty()) {
    // A new version builds on the current one; it must be here, or its files would be lost.
    auto held = (*materials)->has_commit(record->assignment.material_refs(0));
    if (!held) return held.status();
    if (!*held) {
      return Status::refused(fmt::format(
          "the current materials of assignment {} (commit {}) have not arrived yet; run "
          "'parta sync' and try again",
          record->id, record->assignment.material_refs(0)));
    }
    // The new version builds on the one the record names, wherever the ref was left.
    PARTA_RETURN_IF_ERROR((*materials)->set_ref(assignment_materials_ref(record->id),
                                                record->assignment.material_refs(0)));
  }
  // Git first (objects, then the ref), the record last: see the top of this file.
  auto commit =
      (*materials)
          ->add_files(assignment_materials_ref(record->id), *files, settings->file_bytes_max);
  if (!commit) return commit.status();
  PARTA_RETURN_IF_ERROR(record_materials_commit(node, *record, *commit));
  for (const MaterialFile& file : *files) {
    fmt::print("{}  {} bytes\n", file.name, file.bytes.size());
  }
  fmt::print("Stored {} file(s) for assignment {}: commit {}\n", files->size(), record->id,
             *commit);
  return Status::ok();
}

struct GetOptions {
  std::string assignment, review, out;
};

// The commit holding what `material get` writes out: the assignment's current materials, or
// the recording of an audio review.
Result<std::string> commit_to_get(OpenNode& node, const GetOptions& options) {
  if (!options.assignment.empty()) {
    auto record = read_assignment(node, options.assignment);
    if (!record) return record.status();
    return current_commit(*record);
  }
  auto key = node.records->parse_key(options.review, RecordType::kReview);
  if (!key) return key.status();
  records::Review review;
  Status status = node.store->read(
      [&](const ReadView& view) { return view.get(RecordType::kReview, key->bytes(), &review); });
  if (status.kind() == Status::Kind::kNotFound) {
    return no_such_record(node, RecordType::kReview, options.review);
  }
  if (!status.is_ok()) return status;
  if (review.audio_ref().empty()) {
    return Status::not_found(
        fmt::format("review {} has no audio recording, only its text: see 'parta show {}'",
                    options.review, options.review));
  }
  return review.audio_ref();
}

Status material_get(OpenNode& node, const GetOptions& options) {
  auto commit = commit_to_get(node, options);
  if (!commit) return commit.status();
  auto materials = MaterialStore::open(node.store->dir());
  if (!materials) return materials.status();
  auto files = (*materials)->read_files(*commit);
  if (!files) return files.status();
  std::error_code error;
  std::filesystem::create_directories(options.out, error);
  if (error) {
    return Status::io(fmt::format("cannot create {}: {}", options.out, error.message()));
  }
  for (const MaterialFile& file : *files) {
    // Names were checked when stored and again here: a peer's tree must not write elsewhere.
    PARTA_RETURN_IF_ERROR(check_material_name(file.name));
    auto path = std::filesystem::path(options.out) / file.name;
    PARTA_RETURN_IF_ERROR(write_file_atomically(path, file.bytes));
    fmt::print("{}\n", path.string());
  }
  return Status::ok();
}

struct ListOptions {
  std::string assignment;
  bool json = false;
};

Status material_list(OpenNode& node, const ListOptions& options) {
  auto record = read_assignment(node, options.assignment);
  if (!record) return record.status();
  Listing listing{{"name", "size_bytes", "blob_id", "versions"}, {}};
  if (!record->assignment.material_refs().empty()) {
    auto materials = MaterialStore::open(node.store->dir());
    if (!materials) return materials.status();
    auto entries = (*materials)->list(record->assignment.material_refs(0));
    if (!entries) return entries.status();
    for (const MaterialEntry& entry : *entries) {
      listing.add({entry.name, static_cast<int64_t>(entry.size_bytes), entry.blob_id,
                   static_cast<int64_t>(entry.versions)});
    }
  }
  print_listing(listing, options.json);
  return Status::ok();
}

}  // namespace

Result<std::string> store_audio_review(const OpenNode& node, const std::string& file,
                                       const RecordKey& assignment, const RecordKey& student) {
  auto settings = read_material_settings(node.store->dir());
  if (!settings) return settings.status();
  const std::string limit_setting = fmt::format("[materials] audio_bytes_max in {}",
                                                (node.store->dir() / kConfigFileName).string());
  auto audio = read_material_file(file, settings->audio_bytes_max, limit_setting);
  if (!audio) return audio.status();
  auto materials = MaterialStore::open(node.store->dir());
  if (!materials) return materials.status();
  const MaterialFile files[] = {std::move(*audio)};
  return (*materials)
      ->replace_files(review_audio_ref(node.records->id_text(RecordType::kAssignment, assignment),
                                       node.records->id_text(RecordType::kStudent, student)),
                      files, settings->audio_bytes_max);
}

void add_material_commands(CLI::App& app, CliContext& context) {
  auto* material =
      app.add_subcommand("material",
                         "task materials (worksheets, images, PDFs) of an assignment, kept as git "
                         "objects in DIR/materials.git and synced with the assignment");
  material->require_subcommand(1);
  auto add_options = std::make_shared<AddOptions>();
  auto* add = material->add_subcommand(
      "add",
      "store files for an assignment under their base names (UTF-8, Cyrillic is fine); "
      "a file of the same name becomes its new version. Each file may be at most "
      "[materials] file_bytes_max bytes (parta.toml; default 20 MiB)");
  add->add_option("FILE", add_options->files, "files to store")->required();
  add->add_option("--assignment", add_options->assignment, "assignment id")->required();
  on_run(add, context, add_options, &material_add);

  auto get_options = std::make_shared<GetOptions>();
  auto* get = material->add_subcommand(
      "get",
      "write an assignment's current files, or the recording of an audio review, into a "
      "directory under their names; prints each path");
  auto* assignment =
      get->add_option("--assignment", get_options->assignment, "assignment id: its files");
  auto* review = get->add_option("--review", get_options->review,
                                 "review id (review_id in 'parta list results'): its audio");
  assignment->excludes(review);
  get->add_option("--out", get_options->out, "directory to write into (created if missing)")
      ->required();
  get->callback([&context, get_options, assignment, review] {
    if (assignment->count() == 0 && review->count() == 0) {  // a malformed command line: exit 2
      throw CLI::ValidationError("material get", "needs --assignment ID or --review ID");
    }
    context.action = [&context, get_options]() -> Status {
      auto node = open_node(context);
      if (!node) return node.status();
      return material_get(*node, *get_options);
    };
  });

  auto list_options = std::make_shared<ListOptions>();
  auto* list = material->add_subcommand(
      "list", "an assignment's current files: name, size, git blob id and how many versions");
  list->add_option("--assignment", list_options->assignment, "assignment id")->required();
  list->add_flag("--json", list_options->json, "print a JSON array of objects (snake_case keys)");
  on_run(list, context, list_options, &material_list);
}

}  // namespace parta::cli
