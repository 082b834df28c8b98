# The architecture of STYLE.md, drawn from the includes: fails (listing every offending line) when
#   - core/engine includes core/backends (the engine decides how a trace is made; backends only
#     do the math and are reached through core/backends/BackendRegistry),
#   - core includes widgets/ or app/, or Qt Gui / Qt Widgets,
#   - widgets includes app/,
#   - the views' base (widgets/views/FigureView, PlotView, PlotFigure) includes a concrete view,
#   - a project include does not name its layer ("core/…", "widgets/…", "app/…").
# Usage: cmake -DROOT=<source tree> -P tools/CheckLayers.cmake
if(NOT ROOT)
    message(FATAL_ERROR "give -DROOT=<source tree>")
endif()
set(problems "")
set(concrete_views "widgets/(heatmap|sinks|mask|flow|inspector|stats|three_d|deck|atlas|tokens|neuron|lens)/")
foreach(layer core widgets app)
    file(GLOB_RECURSE files "${ROOT}/${layer}/*.h" "${ROOT}/${layer}/*.cpp")
    foreach(f ${files})
        file(RELATIVE_PATH rel "${ROOT}" "${f}")
        file(STRINGS "${f}" lines REGEX "^[ \t]*#[ \t]*include")
        foreach(line ${lines})
            set(bad "")
            if(line MATCHES "#[ \t]*include[ \t]*\"([^\"]+)\"")
                set(inc "${CMAKE_MATCH_1}")
                if(NOT inc MATCHES "^(core|widgets|app)/" AND NOT inc MATCHES "\\.moc$"
                   AND NOT inc MATCHES "^ui_")
                    set(bad "does not name its layer")
                elseif(rel MATCHES "^core/engine/" AND inc MATCHES "^core/backends/")
                    set(bad "the engine includes a backend")
                elseif(rel MATCHES "^core/" AND inc MATCHES "^(widgets|app)/")
                    set(bad "core includes ${CMAKE_MATCH_1}")
                elseif(rel MATCHES "^widgets/" AND inc MATCHES "^app/")
                    set(bad "widgets include app")
                elseif(rel MATCHES "^widgets/views/(FigureView|PlotView|PlotFigure)"
                       AND inc MATCHES "^${concrete_views}")
                    set(bad "the views' base includes a concrete view")
                endif()
            elseif(rel MATCHES "^core/" AND line MATCHES "<(QtWidgets|QtGui|QWidget|QImage|QPainter|QColor)")
                set(bad "core includes Qt Gui / Widgets")
            endif()
            if(bad)
                string(STRIP "${line}" line)
                string(APPEND problems "  ${rel}: ${line}  (${bad})\n")
            endif()
        endforeach()
    endforeach()
endforeach()
if(problems)
    message(FATAL_ERROR "layering violations:\n${problems}")
endif()
message(STATUS "layers: core/engine → no backends, core → no widgets/app, widgets → no app: ok")
