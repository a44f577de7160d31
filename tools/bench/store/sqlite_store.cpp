// The SQLite counterpart of the Store for the benchmark; see sqlite_store.h.
#include "sqlite_store.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "parta/storage/record_key.h"
#include "parta/storage/record_types.h"
#include "parta/storage/scopes.h"
#include "parta/storage/store.h"
#include "records.pb.h"

namespace parta::bench {
namespace {

constexpr const char* kPragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;";

constexpr const char* kSchema = R"sql(
CREATE TABLE submissions(
  key BLOB PRIMARY KEY, student BLOB NOT NULL, assignment BLOB NOT NULL, channel TEXT,
  answer TEXT, submitted_ms INTEGER, hlc INTEGER NOT NULL, origin INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX submissions_by_student ON submissions(student, assignment);
CREATE INDEX submissions_by_assignment ON submissions(assignment, student);
CREATE TABLE reviews(
  key BLOB PRIMARY KEY, submission BLOB NOT NULL, score INTEGER, text TEXT, audio_ref TEXT,
  reviewer TEXT, reviewed_ms INTEGER, hlc INTEGER NOT NULL, origin INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX reviews_by_submission ON reviews(submission);
CREATE TABLE oplog(
  origin INTEGER NOT NULL, seq INTEGER NOT NULL, hlc INTEGER NOT NULL, scope TEXT NOT NULL,
  type INTEGER NOT NULL, key BLOB NOT NULL, value BLOB, PRIMARY KEY (origin, seq)
) WITHOUT ROWID;
CREATE INDEX oplog_by_scope ON oplog(scope, origin, seq);
CREATE TABLE version_vector(
  scope TEXT NOT NULL, origin INTEGER NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (scope, origin)
) WITHOUT ROWID;
)sql";

constexpr std::string_view kSubmissionColumns =
    "submissions(key, student, assignment, channel, answer, submitted_ms, hlc, origin) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
constexpr std::string_view kReviewColumns =
    "reviews(key, submission, score, text, audio_ref, reviewer, reviewed_ms, hlc, origin) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";

std::string submission_upsert() {
  return fmt::format(
      "INSERT INTO {} ON CONFLICT(key) DO UPDATE SET student = excluded.student, "
      "assignment = excluded.assignment, channel = excluded.channel, answer = excluded.answer, "
      "submitted_ms = excluded.submitted_ms, hlc = excluded.hlc, origin = excluded.origin "
      "WHERE (excluded.hlc, excluded.origin) > (submissions.hlc, submissions.origin)",
      kSubmissionColumns);
}

std::string review_upsert() {
  return fmt::format(
      "INSERT INTO {} ON CONFLICT(key) DO UPDATE SET submission = excluded.submission, "
      "score = excluded.score, text = excluded.text, audio_ref = excluded.audio_ref, "
      "reviewer = excluded.reviewer, reviewed_ms = excluded.reviewed_ms, "
      "hlc = excluded.hlc, origin = excluded.origin "
      "WHERE (excluded.hlc, excluded.origin) > (reviews.hlc, reviews.origin)",
      kReviewColumns);
}

void bind_submission(SqliteStatement& statement, std::string_view key,
                     const records::Submission& submission, uint64_t hlc, uint32_t origin) {
  statement.bind_blob(1, key);
  statement.bind_blob(2, submission.student());
  statement.bind_blob(3, submission.assignment());
  statement.bind_text(4, submission.channel());
  statement.bind_text(5, submission.answer());
  statement.bind(6, submission.submitted_ms());
  statement.bind(7, static_cast<int64_t>(hlc));
  statement.bind(8, origin);
}

void bind_review(SqliteStatement& statement, std::string_view key, const records::Review& review,
                 uint64_t hlc, uint32_t origin) {
  statement.bind_blob(1, key);
  statement.bind_blob(2, review.submission());
  statement.bind(3, review.score());
  statement.bind_text(4, review.text());
  statement.bind_text(5, review.audio_ref());
  statement.bind_text(6, review.reviewer());
  statement.bind(7, review.reviewed_ms());
  statement.bind(8, static_cast<int64_t>(hlc));
  statement.bind(9, origin);
}

// SQLite falls back to another journal mode where WAL is impossible; the figures would then
// compare something else.
Status enter_wal_mode(SqliteDb& db) {
  PARTA_RETURN_IF_ERROR(db.exec(kPragmas));
  auto mode = db.prepare("PRAGMA journal_mode");
  if (!mode) return mode.status();
  auto row = (*mode)->step();
  if (!row) return row.status();
  if (!*row || (*mode)->column_text(0) != "wal") {
    return Status::io(
        fmt::format("SQLite, {}: the file system does not allow WAL mode", db.file().string()));
  }
  return Status::ok();
}

Result<uint64_t> file_bytes(const std::filesystem::path& file) {
  struct stat info;
  if (::stat(file.c_str(), &info) == 0) return static_cast<uint64_t>(info.st_blocks) * 512;
  if (errno == ENOENT) return uint64_t{0};
  return Status::io(fmt::format("cannot stat {}: {}", file.string(), std::strerror(errno)));
}

}  // namespace

struct SqliteStore::Statements {
  std::unique_ptr<SqliteStatement> begin, commit, rollback;
  std::unique_ptr<SqliteStatement> insert_submission, insert_review;
  std::unique_ptr<SqliteStatement> upsert_submission, upsert_review;
  std::unique_ptr<SqliteStatement> find_op, insert_op, advance_version;

  Status prepare(SqliteDb& db) {
    const std::pair<std::unique_ptr<SqliteStatement>*, std::string> all[] = {
        {&begin, "BEGIN IMMEDIATE"},
        {&commit, "COMMIT"},
        {&rollback, "ROLLBACK"},
        {&insert_submission, fmt::format("INSERT INTO {}", kSubmissionColumns)},
        {&insert_review, fmt::format("INSERT INTO {}", kReviewColumns)},
        {&upsert_submission, submission_upsert()},
        {&upsert_review, review_upsert()},
        {&find_op, "SELECT 1 FROM oplog WHERE origin = ?1 AND seq = ?2"},
        {&insert_op,
         "INSERT INTO oplog(origin, seq, hlc, scope, type, key, value) "
         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"},
        {&advance_version,
         "INSERT INTO version_vector(scope, origin, seq) VALUES (?1, ?2, ?3) "
         "ON CONFLICT(scope, origin) DO UPDATE SET seq = excluded.seq "
         "WHERE excluded.seq > version_vector.seq"},
    };
    for (const auto& [statement, sql] : all) {
      auto prepared = db.prepare(sql);
      if (!prepared) return prepared.status();
      *statement = std::move(*prepared);
    }
    return Status::ok();
  }
};

SqliteStore::SqliteStore(std::unique_ptr<SqliteDb> db, std::unique_ptr<Statements> statements,
                         uint32_t origin)
    : db_(std::move(db)),
      statements_(std::move(statements)),
      origin_(origin),
      scope_(school_scope(RecordKey(origin, 1))),
      clock_(SystemClock::instance(), 0, StoreOptions{}.max_clock_ahead_ms) {}

SqliteStore::~SqliteStore() = default;

Result<std::unique_ptr<SqliteStore>> SqliteStore::create(const std::filesystem::path& file,
                                                         uint32_t origin) {
  auto db = SqliteDb::open(file);
  if (!db) return db.status();
  PARTA_RETURN_IF_ERROR(enter_wal_mode(**db));
  PARTA_RETURN_IF_ERROR((*db)->exec(kSchema));
  auto statements = std::make_unique<Statements>();
  PARTA_RETURN_IF_ERROR(statements->prepare(**db));
  return std::unique_ptr<SqliteStore>(
      new SqliteStore(std::move(*db), std::move(statements), origin));
}

Status SqliteStore::in_transaction(const std::function<Status()>& body) {
  if (failed_) {
    return Status::refused(fmt::format(
        "SQLite, {}: an earlier transaction failed; its counters are no longer trustworthy",
        db_->file().string()));
  }
  Status status = statements_->begin->run();
  if (status.is_ok()) status = body();
  if (status.is_ok()) status = statements_->commit->run();
  if (status.is_ok()) return status;
  failed_ = true;
  (void)statements_->rollback->run();  // the first error says what went wrong
  return status;
}

Status SqliteStore::write_results(std::span<const BenchResult> results) {
  return in_transaction([&]() -> Status {
    for (const auto& result : results) PARTA_RETURN_IF_ERROR(write_result(result));
    return advance_version(scope_, origin_, next_seq_ - 1);
  });
}

Status SqliteStore::write_result(const BenchResult& result) {
  const std::string submission_key = RecordKey(origin_, next_counter_++).to_string();
  const records::Submission submission = submission_of(result);
  bind_submission(*statements_->insert_submission, submission_key, submission, clock_.tick(),
                  origin_);
  PARTA_RETURN_IF_ERROR(statements_->insert_submission->run());
  PARTA_RETURN_IF_ERROR(log_local_op(static_cast<uint32_t>(RecordType::kSubmission), submission_key,
                                     submission.SerializeAsString()));

  const std::string review_key = RecordKey(origin_, next_counter_++).to_string();
  const records::Review review = review_of(result, submission_key);
  bind_review(*statements_->insert_review, review_key, review, clock_.tick(), origin_);
  PARTA_RETURN_IF_ERROR(statements_->insert_review->run());
  return log_local_op(static_cast<uint32_t>(RecordType::kReview), review_key,
                      review.SerializeAsString());
}

Status SqliteStore::log_local_op(uint32_t type, std::string_view key, const std::string& value) {
  oplog::Op op;
  op.set_origin(origin_);
  op.set_seq(next_seq_++);
  op.set_hlc(clock_.last());  // the stamp its record row was given
  op.set_scope(scope_);
  op.set_record_type(type);
  op.set_key(std::string(key));
  op.set_value(value);
  return log_op(op);
}

Status SqliteStore::apply_remote(std::span<const oplog::Op> ops) {
  return in_transaction([&]() -> Status {
    for (const auto& op : ops) PARTA_RETURN_IF_ERROR(apply_op(op));
    return Status::ok();
  });
}

Status SqliteStore::apply_op(const oplog::Op& op) {
  SqliteStatement& find = *statements_->find_op;
  find.bind(1, op.origin());
  find.bind(2, static_cast<int64_t>(op.seq()));
  auto held = find.step();
  find.reset();
  if (!held) return held.status();
  if (*held) return Status::ok();  // applying twice changes nothing
  PARTA_RETURN_IF_ERROR(clock_.observe(op.hlc()));
  PARTA_RETURN_IF_ERROR(apply_to_record(op));
  PARTA_RETURN_IF_ERROR(log_op(op));
  return advance_version(op.scope(), op.origin(), op.seq());
}

Status SqliteStore::apply_to_record(const oplog::Op& op) {
  switch (static_cast<RecordType>(op.record_type())) {
    case RecordType::kSubmission: {
      records::Submission submission;
      if (!submission.ParseFromString(op.value())) {
        return Status::corrupt(
            fmt::format("op {}:{} carries a bad submission", op.origin(), op.seq()));
      }
      bind_submission(*statements_->upsert_submission, op.key(), submission, op.hlc(), op.origin());
      return statements_->upsert_submission->run();
    }
    case RecordType::kReview: {
      records::Review review;
      if (!review.ParseFromString(op.value())) {
        return Status::corrupt(fmt::format("op {}:{} carries a bad review", op.origin(), op.seq()));
      }
      bind_review(*statements_->upsert_review, op.key(), review, op.hlc(), op.origin());
      return statements_->upsert_review->run();
    }
    default:
      return Status::ok();  // the benchmark's ops hold results only; others are just logged
  }
}

Status SqliteStore::log_op(const oplog::Op& op) {
  SqliteStatement& insert = *statements_->insert_op;
  insert.bind(1, op.origin());
  insert.bind(2, static_cast<int64_t>(op.seq()));
  insert.bind(3, static_cast<int64_t>(op.hlc()));
  insert.bind_text(4, op.scope());
  insert.bind(5, op.record_type());
  insert.bind_blob(6, op.key());
  insert.bind_blob(7, op.value());
  return insert.run();
}

Status SqliteStore::advance_version(std::string_view scope, uint32_t origin, uint64_t seq) {
  SqliteStatement& advance = *statements_->advance_version;
  advance.bind_text(1, scope);
  advance.bind(2, origin);
  advance.bind(3, static_cast<int64_t>(seq));
  return advance.run();
}

Result<uint64_t> SqliteStore::checkpointed_disk_bytes() {
  PARTA_RETURN_IF_ERROR(db_->exec("PRAGMA wal_checkpoint(TRUNCATE)"));
  auto db_bytes = file_bytes(db_->file());
  if (!db_bytes) return db_bytes.status();
  auto wal_bytes = file_bytes(std::filesystem::path(db_->file()) += "-wal");
  if (!wal_bytes) return wal_bytes.status();
  return *db_bytes + *wal_bytes;
}

}  // namespace parta::bench
