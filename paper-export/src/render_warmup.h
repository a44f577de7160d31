// Starts loading what rendering a class set first waits for, so that it loads on the second
// core while the export reads the class set (paper-export internal): fontconfig's configuration
// and font cache, which Pango reads on a thread of its own once the calling thread's font map
// is made (text_style.h), and the Russian hyphenation patterns (hyphenation_ru.h), read on a
// thread of this object's. Each takes a few milliseconds, as long as the rest of an export of
// a class of 30 before its first page.
//
// Thread safety: made on the thread that then renders (Pango's default font map is the
// thread's own); the destructor waits for the patterns to be loaded.
#pragma once

#include <thread>

namespace parta::paper {

class RenderWarmup {
 public:
  RenderWarmup();
  RenderWarmup(const RenderWarmup&) = delete;
  RenderWarmup& operator=(const RenderWarmup&) = delete;

 private:
  std::jthread patterns_;
};

}  // namespace parta::paper
