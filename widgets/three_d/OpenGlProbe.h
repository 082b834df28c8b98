#pragma once
// OpenGlProbe: whether Qt Data Visualization can draw here. Its graphs need a working OpenGL
// context and crash on Qt's offscreen platform, so the 3D views ask before creating one.

#include "core/common/Result.h"

namespace attnscope {

class OpenGlProbe {
public:
    /// Success, or why no 3D graph can be drawn (names the platform and `xvfb-run`). Probed once
    /// per process; needs a QGuiApplication.
    static Status status();
};

}  // namespace attnscope
