// What an attached school may write at its hub. The hub applies a school's batch only if
// every op in it that the hub does not hold already passes these rules; otherwise it refuses
// the whole batch and applies nothing (docs/sync-protocol.md "What a school may write").
//
// - Origin: an op carries the school's own node id (pinned at pairing), or that of a node the
//   hub does not know (an earlier incarnation of a restored hub); never the hub's own or
//   another paired school's, which would let one school forge another's writes.
// - Scope: its own school scope, its class groups', its students' distance groups', or a
//   group whose record (in the same batch) says the school owns it.
// - Ownership: in its own scope, a record about a student (the student, consent, enrolment,
//   attendance, submission, consultation) concerns one of its own students, a group record
//   one of its own groups, the School record its own; an enrolment puts its student in a
//   distance group or one of its own classes; a paper packet is one of its own students'.
// Ops the hub holds already are skipped here: apply_remote checks they are the same.
#pragma once

#include <set>
#include <span>
#include <string>
#include <vector>

#include "oplog.pb.h"
#include "parta/storage/status.h"
#include "parta/storage/store.h"
#include "parta/sync/peers.h"

namespace parta {

class SchoolWriteRules {
 public:
  // `school`: the pinned peer; `hub_origin` and `other_origins` (the other paired schools').
  SchoolWriteRules(Peer school, uint32_t hub_origin, std::set<uint32_t> other_origins);

  // Ok when the hub may apply `ops`; Refused naming the first op that breaks a rule.
  // `scopes`: the school's scopes now (sorted), from scopes_for_school().
  Status check(const ReadView& hub, std::span<const oplog::Op> ops,
               const std::vector<std::string>& scopes) const;

 private:
  class Batch;
  Status check_op(const ReadView& hub, const Batch& batch, const oplog::Op& op,
                  const std::vector<std::string>& scopes) const;
  Status check_owner(const ReadView& hub, const Batch& batch, const oplog::Op& op) const;

  Peer school_;
  std::string school_scope_;
  uint32_t hub_origin_;
  std::set<uint32_t> other_origins_;
};

}  // namespace parta
