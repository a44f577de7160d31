// What students ask in a consultation and what teachers answer: short, informal messages about a
// topic, a task or a deadline, each answer fitting its question, with verbs agreeing with the
// writer's gender («я пропустила урок», «я прикрепил файл»).
//
// Thread safety: free functions over constant tables.
#pragma once

#include <string>
#include <string_view>

#include "russian_names.h"
#include "seeded_random.h"

namespace parta::gen {

struct ConsultationText {
  std::string question;  // the student's
  std::string answer;    // the teacher's
};

// A student's question about `topic` (a topic of the subject they ask about) and the teacher's
// answer to it.
ConsultationText draw_consultation_text(SeededRandom& random, Gender student, Gender teacher,
                                        std::string_view topic);

}  // namespace parta::gen
