// `parta show ID`: one record with every field, keys shown as ids, days as dates, times as
// local time. Works for any record type with a text id, by its prefix.
#include <fmt/chrono.h>
#include <fmt/format.h>
#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include "cli_context.h"
#include "listing.h"
#include "parta/storage/packet_code.h"

namespace parta::cli {
namespace {

using google::protobuf::FieldDescriptor;

// Id prefixes of the record types a reference field names, by field name.
std::string_view referenced_prefix(std::string_view field) {
  if (field == "student") return "s";
  if (field == "group" || field == "class_group") return "g";
  if (field == "assignment") return "a";
  if (field == "teacher") return "t";
  if (field == "school" || field == "home_school") return "sc";
  if (field == "submission") return "sub";
  return "";
}

bool is_day_field(std::string_view field) {
  return field == "birth_date" || field == "date" || field == "issue_date" || field == "due_date";
}

Cell field_cell(const google::protobuf::Message& record, const FieldDescriptor& field) {
  const auto* reflection = record.GetReflection();
  std::string_view name = field.name();
  if (field.is_repeated()) {
    std::string joined;
    for (int i = 0; i < reflection->FieldSize(record, &field); ++i) {
      if (field.cpp_type() == FieldDescriptor::CPPTYPE_STRING) {
        joined += (i == 0 ? "" : ", ") + reflection->GetRepeatedString(record, &field, i);
      }
    }
    return joined;
  }
  switch (field.cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING: {
      std::string value = reflection->GetString(record, &field);
      // A packet's code as printed on its pages and typed in: K7MX-3HTA.
      if (name == "code" && record.GetDescriptor()->name() == "Packet") {
        return display_packet_code(value);
      }
      if (field.type() != FieldDescriptor::TYPE_BYTES) return value;
      auto key = RecordKey::from_bytes(value);
      if (!key || key->is_null()) return std::monostate{};
      return format_id(referenced_prefix(name), *key);
    }
    case FieldDescriptor::CPPTYPE_INT32: {
      int32_t value = reflection->GetInt32(record, &field);
      if (is_day_field(name)) return format_iso(Date{value});
      if (name == "has_access") {  // as 'list students' shows it: 0 unknown, 1 yes, 2 no
        if (value == 0) return std::monostate{};
        return value == 1;
      }
      return int64_t{value};
    }
    case FieldDescriptor::CPPTYPE_INT64: {
      int64_t value = reflection->GetInt64(record, &field);
      if (name.ends_with("_ms")) return local_time_text(value);
      return value;
    }
    case FieldDescriptor::CPPTYPE_UINT32: return int64_t{reflection->GetUInt32(record, &field)};
    case FieldDescriptor::CPPTYPE_BOOL: return reflection->GetBool(record, &field);
    default: return std::monostate{};
  }
}

Status show(OpenNode& node, const std::string& id, bool json) {
  // Longest prefixes first: "sub1" is a submission, "sc1" a school, "s1" a student.
  static constexpr RecordType kById[] = {
      RecordType::kSubmission, RecordType::kSchool,     RecordType::kReview,
      RecordType::kStudent,    RecordType::kGroup,      RecordType::kTeacher,
      RecordType::kAssignment, RecordType::kConsultation, RecordType::kPacket};
  for (RecordType type : kById) {
    const auto& info = record_type_info(type);
    if (!id.starts_with(info.id_prefix)) continue;
    auto key = node.records->parse_key(id, type);
    if (!key) return key.status();
    std::unique_ptr<google::protobuf::Message> record;
    Status status = node.store->read([&](const ReadView& view) -> Status {
      record = record_prototype(type);
      return view.get(type, key->bytes(), record.get());
    });
    if (status.kind() == Status::Kind::kNotFound) return no_such_record(node, type, id);
    PARTA_RETURN_IF_ERROR(status);
    Listing listing;
    listing.columns = {"id", "type"};
    std::vector<Cell> row = {node.records->id_text(type, *key), std::string(info.name)};
    const auto* descriptor = record->GetDescriptor();
    for (int i = 0; i < descriptor->field_count(); ++i) {
      listing.columns.push_back(descriptor->field(i)->name());
      row.push_back(field_cell(*record, *descriptor->field(i)));
    }
    listing.add(std::move(row));
    print_record(listing, json);
    return Status::ok();
  }
  return Status::invalid(fmt::format(
      "\"{}\" is not an id: ids start with s (student), g (group), t (teacher), a (assignment), "
      "sub (submission), rv (review), c (consultation), pk (paper packet) or sc (school)", id));
}

}  // namespace

void add_show_command(CLI::App& app, CliContext& context) {
  auto id = std::make_shared<std::string>();
  auto* command = app.add_subcommand("show", "show one record by its id, e.g. s17-3fa2c1d0");
  command->add_option("ID", *id, "the record's id")->required();
  command->add_flag("--json", context.json, "print a JSON object");
  command->callback([&context, id] {
    context.action = [&context, id]() -> Status {
      auto node = open_node(context);
      if (!node) return node.status();
      return show(*node, *id, context.json);
    };
  });
}

}  // namespace parta::cli
