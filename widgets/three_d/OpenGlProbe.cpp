#include "widgets/three_d/OpenGlProbe.h"

#include <QGuiApplication>
#include <QOffscreenSurface>
#include <QOpenGLContext>
#include <optional>

namespace attnscope {

namespace {
std::string advice(const QString& platform) {
    return "3D figures need OpenGL, which is not available on Qt's '" + platform.toStdString() +
           "' platform. Run with a display, or headless under a virtual X server: "
           "xvfb-run -a attnscope … (Mesa's software renderer, package libgl1-mesa-dri).";
}

Status probe() {
    const QString platform = QGuiApplication::platformName();
    // Qt Data Visualization 6.4 dereferences a missing window surface on these platforms.
    static const QStringList noOpenGl{"offscreen", "minimal", "vnc", "linuxfb"};
    if (platform.isEmpty() || noOpenGl.contains(platform)) return Error{advice(platform)};
    QOpenGLContext context;
    if (!context.create()) return Error{advice(platform) + " (no OpenGL context could be made)"};
    QOffscreenSurface surface;
    surface.setFormat(context.format());
    surface.create();
    if (!surface.isValid() || !context.makeCurrent(&surface))
        return Error{advice(platform) + " (the OpenGL context cannot be made current)"};
    context.doneCurrent();
    return {};
}
}  // namespace

Status OpenGlProbe::status() {
    static std::optional<Status> cached;
    if (!cached) cached = probe();
    return *cached;
}

}  // namespace attnscope
