// Store maintenance: backup, consistency check, size; see store.h.
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <map>
#include <set>

#include "lent_values.h"
#include "store_impl.h"

namespace parta {
namespace {

// Closes a file descriptor on every path.
struct FileCloser {
  int fd;
  ~FileCloser() {
    if (fd >= 0) ::close(fd);
  }
};

Status fsync_directory(const std::filesystem::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) return Status::io(fmt::format("cannot open {}: {}", dir.string(), strerror(errno)));
  FileCloser closer{fd};
  if (::fsync(fd) != 0) {
    return Status::io(fmt::format("cannot flush {}: {}", dir.string(), strerror(errno)));
  }
  return Status::ok();
}

// A record that lends its value to an op (lent_values.h), as verify finds it.
struct Lender {
  RecordType type;
  std::string key;
  uint64_t hlc;  // of its one stamp group
};
using Lenders = std::map<std::string, Lender>;  // by the op log key of the op they name

// Collects a record that names an op as holding its value; Corrupt if it has not the shape of
// one (lent_values.h) or another record names the same op.
Status note_lender(RecordType type, std::string_view key, const oplog::StoredRecord& record,
                   Lenders* lenders) {
  const oplog::OpId& op = record.value_lent_to();
  if (!record_type_info(type).append_only) {
    return Status::corrupt(
        fmt::format("the {} names op {:08x}:{} as holding its value, but only "
                    "submissions and reviews lend theirs",
                    describe_record(type, key), op.origin(), op.seq()));
  }
  if (record.stamps_size() != 1 ||
      !stamped_by_only(record, record.stamps(0).stamp().hlc(), op.origin())) {
    return Status::corrupt(
        fmt::format("the {} names op {:08x}:{} as holding its value, but "
                    "that op did not write all of it",
                    describe_record(type, key), op.origin(), op.seq()));
  }
  auto [at, added] =
      lenders->try_emplace(oplog_key(op.origin(), op.seq()),
                           Lender{type, std::string(key), record.stamps(0).stamp().hlc()});
  if (!added) {
    return Status::corrupt(
        fmt::format("the {} and the {} both name op {:08x}:{} as holding "
                    "their value",
                    describe_record(at->second.type, at->second.key), describe_record(type, key),
                    op.origin(), op.seq()));
  }
  return Status::ok();
}

// Every op logged without its value is named by its own record, whose one stamp is the op's,
// and every op a record names is logged without its value (lent_values.h).
Status verify_lent_values(const StoreImpl& impl, MDB_txn* txn, Lenders lenders) {
  lmdb::Cursor logged(txn, impl.oplog_);
  oplog::Op op;
  for (bool more = logged.seek(""); more; more = logged.next()) {
    if (!op.ParseFromArray(logged.value().data(), static_cast<int>(logged.value().size()))) {
      return Status::corrupt("an op in the op log does not parse");
    }
    const uint32_t origin = read_u32_be(logged.key());
    const uint64_t seq = read_u64_be(logged.key().substr(4));
    auto lender = lenders.find(std::string(logged.key()));
    if (lender == lenders.end()) {
      if (!op.value_in_record()) continue;
      return Status::corrupt(fmt::format(
          "op {:08x}:{} is logged without its value, but no record holds the value for it", origin,
          seq));
    }
    const Lender& named_by = lender->second;
    if (!op.value_in_record()) {
      return Status::corrupt(
          fmt::format("the {} names op {:08x}:{} as holding its value, but "
                      "the op log keeps that op's value in full",
                      describe_record(named_by.type, named_by.key), origin, seq));
    }
    if (op.record_type() != static_cast<uint32_t>(named_by.type) || op.key() != named_by.key ||
        op.hlc() != named_by.hlc) {
      return Status::corrupt(
          fmt::format("the {} names op {:08x}:{} as holding its value, but "
                      "that op wrote another record or at another time",
                      describe_record(named_by.type, named_by.key), origin, seq));
    }
    lenders.erase(lender);
  }
  if (logged.error() != MDB_SUCCESS) {
    return lmdb::error(logged.error(), "checking the op log", impl.options_.dir);
  }
  if (!lenders.empty()) {
    const auto& [log_key, lender] = *lenders.begin();
    return Status::corrupt(fmt::format(
        "the {} names op {:08x}:{} as holding its value, but the op log does not hold that op",
        describe_record(lender.type, lender.key), read_u32_be(log_key),
        read_u64_be(std::string_view(log_key).substr(4))));
  }
  return Status::ok();
}

}  // namespace

Status Store::backup(const std::filesystem::path& out) const {
  std::filesystem::path dir = out.parent_path().empty() ? "." : out.parent_path();
  std::filesystem::path partial = out;
  partial += ".partial";
  int fd = ::open(partial.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) {
    return Status::io(fmt::format("cannot write the backup {}: {}", partial.string(),
                                  strerror(errno)));
  }
  FileCloser closer{fd};
  // MDB_CP_COMPACT copies only live pages from one read snapshot: consistent while other
  // processes keep writing, and without the free pages the live file carries.
  int rc = mdb_env_copyfd2(impl_->env_, fd, MDB_CP_COMPACT);
  if (rc == MDB_MAP_RESIZED) {  // another process grew the map: adopt its size and copy again
    mdb_env_set_mapsize(impl_->env_, 0);
    rc = ::ftruncate(fd, 0) == 0 && ::lseek(fd, 0, SEEK_SET) == 0
             ? mdb_env_copyfd2(impl_->env_, fd, MDB_CP_COMPACT)
             : errno;
  }
  if (rc == 0 && ::fsync(fd) != 0) rc = errno;
  if (rc != 0) {
    ::unlink(partial.c_str());
    return lmdb::error(rc, fmt::format("writing the backup {}", out.string()), dir);
  }
  std::error_code ec;
  std::filesystem::rename(partial, out, ec);
  if (ec) {
    ::unlink(partial.c_str());
    return Status::io(fmt::format("cannot move the backup into place at {}: {}", out.string(),
                                  ec.message()));
  }
  return fsync_directory(dir);
}

Status Store::check_restored_copy(const StoreOptions& options,
                                  const std::filesystem::path& backup) {
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) {
    return Status::io(fmt::format("cannot check {}: pipe: {}", backup.string(), strerror(errno)));
  }
  const pid_t child = ::fork();
  if (child < 0) {
    ::close(pipe_fds[0]);
    ::close(pipe_fds[1]);
    return Status::io(fmt::format("cannot check {}: fork: {}", backup.string(), strerror(errno)));
  }
  if (child == 0) {
    // Opens and reads the copy; its verdict goes back through the pipe: the Status kind's
    // number, then its message. Nothing may unwind into the caller's stack from here.
    ::close(pipe_fds[0]);
    try {
      auto store = Store::open(options);
      Status status = store ? (*store)->verify() : store.status();
      if (status.is_ok()) ::_exit(0);
      const std::string verdict =
          static_cast<char>('0' + static_cast<int>(status.kind())) + status.message();
      ::_exit(::write(pipe_fds[1], verdict.data(), verdict.size()) < 0 ? 2 : 1);
    } catch (...) {
      ::_exit(3);
    }
  }
  ::close(pipe_fds[1]);
  FileCloser closer{pipe_fds[0]};
  std::string verdict;
  char buffer[512];
  for (ssize_t got; (got = ::read(pipe_fds[0], buffer, sizeof buffer)) != 0;) {
    if (got > 0)
      verdict.append(buffer, static_cast<size_t>(got));
    else if (errno != EINTR)
      break;
  }
  int wait_status = 0;
  pid_t waited;
  while ((waited = ::waitpid(child, &wait_status, 0)) < 0 && errno == EINTR) {
  }
  if (waited < 0) {
    return Status::io(
        fmt::format("cannot check {}: waitpid: {}", backup.string(), strerror(errno)));
  }
  if (WIFEXITED(wait_status) && WEXITSTATUS(wait_status) == 0) return Status::ok();
  std::string why = verdict.size() > 1 ? verdict.substr(1) : "no reason given";
  if (WIFSIGNALED(wait_status)) {
    why = fmt::format("reading it crashed ({})", strsignal(WTERMSIG(wait_status)));
  } else if (!verdict.empty() && verdict[0] == '0' + static_cast<int>(Status::Kind::kRefused)) {
    // A sound backup this release will not take (one a newer release wrote): say why as is.
    return Status::refused(fmt::format("cannot restore {}: {}; nothing was restored into {}",
                                       backup.string(), why, options.dir.string()));
  }
  return Status::corrupt(fmt::format(
      "the backup {} is cut short, damaged or not a Parta backup ({}); nothing was restored into "
      "{}: restore another backup",
      backup.string(), why, options.dir.string()));
}

Result<uint64_t> Store::disk_bytes() const {
  struct stat info;
  auto path = impl_->options_.dir / "data.mdb";
  if (::stat(path.c_str(), &info) != 0) {
    return Status::io(fmt::format("cannot stat {}: {}", path.string(), strerror(errno)));
  }
  return static_cast<uint64_t>(info.st_blocks) * 512;
}

Status Store::verify() const {
  const StoreImpl& impl = *impl_;
  return impl_->read([&](const ReadView& view) -> Status {
    auto* txn = static_cast<MDB_txn*>(view.txn_);
    // Every record parses; collect the index entries the records call for.
    std::map<IndexId, std::set<std::string>> expected;
    Lenders lenders;
    for (const auto& info : all_record_types()) {
      lmdb::Cursor cursor(txn, impl.record_dbi(info.type));
      oplog::StoredRecord stored;
      for (bool more = cursor.seek(""); more; more = cursor.next()) {
        if (!stored.ParseFromArray(cursor.value().data(), static_cast<int>(cursor.value().size()))) {
          return Status::corrupt(fmt::format("one of the {} records does not parse", info.name));
        }
        if (stored.has_value_lent_to()) {
          PARTA_RETURN_IF_ERROR(note_lender(info.type, cursor.key(), stored, &lenders));
        }
        if (record_is_deleted(stored)) continue;
        auto entries = index_entries(info.type, cursor.key(), stored.value());
        if (!entries) return entries.status();
        for (auto& entry : *entries) {
          if (record_key_of(entry.index, entry.key) != cursor.key()) {
            return Status::corrupt(fmt::format("a {} record's index entry does not lead back "
                                               "to it", info.name));
          }
          if (!expected[entry.index].insert(std::move(entry.key)).second) {
            return Status::corrupt(fmt::format("two {} records claim one index entry", info.name));
          }
        }
      }
      if (cursor.error() != MDB_SUCCESS) return lmdb::error(cursor.error(), "checking", impl.options_.dir);
    }
    for (const auto& info : all_indexes()) {
      lmdb::Cursor cursor(txn, impl.index_dbi(info.id));
      size_t count = 0;
      for (bool more = cursor.seek(""); more; more = cursor.next()) {
        ++count;
        if (!expected[info.id].contains(std::string(cursor.key()))) {
          return Status::corrupt(fmt::format("index {} has an entry no record calls for", info.name));
        }
      }
      if (count != expected[info.id].size()) {
        return Status::corrupt(fmt::format("index {} misses {} entries", info.name,
                                           expected[info.id].size() - count));
      }
    }
    // Every op logged without its value is named by the record that holds it, and each such
    // record's op is logged without it (lent_values.h).
    PARTA_RETURN_IF_ERROR(verify_lent_values(impl, txn, std::move(lenders)));
    // The version vector matches the op log.
    std::map<std::string, uint64_t> highest;
    lmdb::Cursor scoped(txn, impl.oplog_scope_);
    for (bool more = scoped.seek(""); more; more = scoped.next()) {
      std::string_view key = scoped.key();
      if (key.size() < 8 + 5) return Status::corrupt("an op log entry's scope key is too short");
      auto& seq = highest[std::string(key.substr(0, key.size() - 8))];
      seq = std::max(seq, read_u64_be(key.substr(key.size() - 8)));
    }
    auto vector = view.version_vector();
    if (!vector) return vector.status();
    if (vector->size() != highest.size()) {
      return Status::corrupt("the version vector and the op log disagree on which origins exist");
    }
    for (const auto& entry : *vector) {
      if (highest[vv_key(entry.scope, entry.origin)] != entry.seq) {
        return Status::corrupt(fmt::format("the version vector of scope {} disagrees with the op log",
                                           entry.scope));
      }
    }
    return Status::ok();
  });
}

}  // namespace parta
