// The images of a task, read and decoded once per class set before any page is laid out
// (paper-export internal): every packet replays the same task pages.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "image_decode.h"
#include "parta/paper/packet_pdf.h"
#include "parta/paper/task_document.h"

namespace parta::paper {

// By the name the task gives each image.
using TaskImages = std::map<std::string, DecodedImage, std::less<>>;

// Every image `document` shows, from `images`, decoded small enough to print across the text
// width and on one page at kImageDotsPerInch. Fails with the resolver's or the decoder's error,
// prefixed with the assignment, the image's Markdown line and its name; Invalid when the task
// shows images and there is no resolver.
Result<TaskImages> load_task_images(const TaskDocument& document, const ImageResolver& images,
                                    std::string_view assignment_id);

// The printed size of an image at kImageDotsPerInch, in points.
double image_points(int pixels);

}  // namespace parta::paper
