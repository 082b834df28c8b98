// A deliberate violation: the views' base including a concrete view, and widgets including app.
#include "widgets/heatmap/HeatmapGridView.h"
#include "app/MainWindow.h"
