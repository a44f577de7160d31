// `parta roster import FILE.csv`: a school's roster, all or nothing.
#include <fmt/format.h>

#include "cli_context.h"

namespace parta::cli {
namespace {

// Names matched with е for ё (or the other way round) and now spelled as in the file.
void print_respelled(const std::vector<RosterRespelling>& respelled, const std::string& file) {
  if (respelled.empty()) return;
  constexpr size_t kNamesShownMax = 10;
  std::string names;
  for (size_t i = 0; i < respelled.size() && i < kNamesShownMax; ++i) {
    names += fmt::format("{}{} → {}", i == 0 ? "" : ", ", respelled[i].was, respelled[i].now);
  }
  if (respelled.size() > kNamesShownMax) {
    names += fmt::format(" and {} more", respelled.size() - kNamesShownMax);
  }
  fmt::print("Names now spelled as in {} (students match with е and ё as one letter): {}.\n", file,
             names);
}

Status run_import(const CliContext& context, const std::string& path) {
  auto node = open_node(context);
  if (!node) return node.status();
  auto bytes = read_whole_file(path, roster_bytes_max);
  if (!bytes) return bytes.status();
  std::string name = std::filesystem::path(path).filename().string();
  auto rows = parse_roster_csv(*bytes, name, today_local());
  if (!rows) return rows.status();
  auto summary = node->records->import_roster(*rows, "roster " + name);
  if (!summary) return summary.status();
  fmt::print("{}: {} students added, {} updated, {} unchanged; {} classes created; {} consents "
             "recorded.\n", name, summary->students_added, summary->students_updated,
             summary->students_unchanged, summary->classes_created, summary->consents_recorded);
  print_respelled(summary->respelled, name);
  return Status::ok();
}

}  // namespace

void add_roster_commands(CLI::App& app, CliContext& context) {
  auto* roster = app.add_subcommand("roster", "rosters of students");
  roster->require_subcommand(1);
  auto path = std::make_shared<std::string>();
  auto* import = roster->add_subcommand(
      "import",
      "import students from a CSV roster (UTF-8 or Windows-1251, ';', ',' or tab, columns "
      "Фамилия, Имя, Отчество, Класс, Дата рождения, optional Согласие and Доступ, or their "
      "English names last_name, first_name, middle_name, class, birth_date, consent, access; "
      "ФИО (full_name) may hold the three names in one column; a title above the header is "
      "skipped). A file with any bad row (also a second row for one student) imports nothing; "
      "importing it again adds nothing. Students match by names in any case, with е and ё as "
      "one letter, and birth date; a name the file writes with е for ё or the other way round "
      "takes the file's spelling.");
  import->add_option("FILE", *path, "the roster file")->required();
  import->callback([&context, path] { context.action = [&context, path] {
    return run_import(context, *path);
  }; });
}

}  // namespace parta::cli
