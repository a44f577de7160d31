// parta-gen: reproducible, realistic Russian schools for tests and benchmarks. One seed gives
// one school — its roster, staff and a period of daily work — byte for byte, on any machine.
// It writes the school as the CSV files a school would import (--csv-out) and/or through
// SchoolRecords into a node (--fill), and reports what it made. Errors go to stderr with exit
// code 1; a malformed command line exits with 2.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <optional>
#include <string>

#include "node_filler.h"
#include "plan_summary.h"
#include "roster_writer.h"
#include "school_plan.h"

namespace parta::gen {
namespace {

struct Options {
  uint64_t seed = 0;
  std::string size;
  std::string start_date = "2025-09-01";
  std::string csv_dir;
  std::string node_dir;
  std::string encoding = "utf8";
};

SchoolSize size_from_name(const std::string& name) {
  if (name == "day") return SchoolSize::kDay;
  if (name == "year") return SchoolSize::kYear;
  return SchoolSize::kSmall;
}

double percent(int part, int whole) { return whole == 0 ? 0.0 : 100.0 * part / whole; }

void print_plan(const Options& options, const SchoolPlan& plan) {
  PlanCounts counts = count_plan(plan);
  fmt::print("parta-gen: seed {}, size {}: {}\n", options.seed, options.size, plan.school_name);
  fmt::print("period: {} to {}, {} days, {} school days\n", format_iso(plan.days.front().date),
             format_iso(plan.days.back().date), counts.days, counts.school_days);
  fmt::print("students {}, classes {}, teachers {}\n", counts.students, counts.classes,
             counts.teachers);
  fmt::print("assignments {}, results {} ({} on paper)\n", counts.assignments, counts.results,
             counts.results_on_paper);
  fmt::print("attendance marks {} ({:.1f}% ill, {:.1f}% remote)\n", counts.attendance_marks,
             percent(counts.marks_ill, counts.attendance_marks),
             percent(counts.marks_remote, counts.attendance_marks));
  fmt::print("consultations {} ({} answered, {} of them late; {} still open)\n",
             counts.consultations, counts.consultations_answered,
             counts.consultations_answered_late,
             counts.consultations - counts.consultations_answered);
}

void print_fill(const std::string& node_dir, const FillReport& report) {
  fmt::print(
      "node {}: roster {} students added, {} updated, {} unchanged, {} classes created, "
      "{} consents; {} teachers added\n",
      node_dir, report.roster.students_added,
      report.roster.students_updated, report.roster.students_unchanged,
      report.roster.classes_created, report.roster.consents_recorded, report.teachers_added);
  fmt::print("ops written: {} (roster {}, days {}); attendance in {} calls\n",
             report.roster_ops + report.activity_ops, report.roster_ops, report.activity_ops,
             report.attendance_calls);
  fmt::print("fill seconds: {:.2f} (roster {:.2f}, days {:.2f})\n",
             report.roster_seconds + report.activity_seconds, report.roster_seconds,
             report.activity_seconds);
}

Status run(const Options& options) {
  auto start = std::chrono::steady_clock::now();
  auto start_date = parse_date(options.start_date);
  if (!start_date) return Status::invalid("--start-date: " + start_date.status().message());
  auto plan = plan_school({options.seed, size_from_name(options.size), *start_date});
  if (!plan) return plan.status();
  print_plan(options, *plan);
  if (!options.csv_dir.empty()) {
    CsvEncoding encoding =
        options.encoding == "cp1251" ? CsvEncoding::kWindows1251 : CsvEncoding::kUtf8WithBom;
    PARTA_RETURN_IF_ERROR(write_school_csv(*plan, options.csv_dir, encoding));
    fmt::print("csv: {0}/roster.csv, {0}/teachers.csv ({1})\n", options.csv_dir, options.encoding);
  }
  if (!options.node_dir.empty()) {
    auto report = fill_node(*plan, options.node_dir);
    if (!report) return report.status();
    print_fill(options.node_dir, *report);
  }
  fmt::print("seconds: {:.2f}\n",
             std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  return Status::ok();
}

}  // namespace
}  // namespace parta::gen

int main(int argc, char** argv) {
  parta::gen::Options options;
  CLI::App app{
      "parta-gen: a reproducible, realistic Russian school (roster, teachers, assignments, "
      "results, attendance, consultations) from a seed, as CSV files and/or written into a node."};
  app.add_option("--seed", options.seed, "the seed; the same seed gives the same school")
      ->required();
  app.add_option("--size", options.size,
                 "small: 2 classes for a week (tests); year: ~600 students from the start date "
                 "to the end of May; day: that school on one school day")
      ->required()
      ->check(CLI::IsMember({"small", "day", "year"}));
  app.add_option("--start-date", options.start_date,
                 "first day of the period (YYYY-MM-DD or DD.MM.YYYY); for --size day, the day")
      ->capture_default_str();
  app.add_option("--csv-out", options.csv_dir, "write DIR/roster.csv and DIR/teachers.csv");
  app.add_option("--fill", options.node_dir,
                 "write the school into the node in NODE_DIR (made by 'parta init') through "
                 "SchoolRecords");
  app.add_option("--encoding", options.encoding, "encoding of the CSV files")
      ->check(CLI::IsMember({"utf8", "cp1251"}))
      ->capture_default_str();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error) == 0 ? 0 : 2;
  }
  parta::Status status = parta::gen::run(options);
  if (!status.is_ok()) {
    fmt::print(stderr, "parta-gen: {}\n", status.message());
    return 1;
  }
  return 0;
}
