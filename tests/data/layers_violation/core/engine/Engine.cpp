// A deliberate violation for tools/CheckLayers.cmake's own test: the engine including a backend.
#include "core/backends/cpu/CpuBackend.h"
