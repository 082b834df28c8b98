// A deliberate violation: an include that does not name its layer, and Qt Widgets in core.
#include "io/NpyFormat.h"
#include <QWidget>
