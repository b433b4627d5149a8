# SPDX-License-Identifier: Apache-2.0
# ocw_add_test(<name> SOURCES <files...> LIBS <targets...> [TIMEOUT <seconds>] [THREADED])
# Every test runs offscreen with a time limit, so a local `ctest` behaves as CI does.
# THREADED: the test runs our worker or gRPC threads, so the tsan preset builds and runs it.
# OCW_TEST_TIMEOUT_SCALE multiplies every limit: the sanitizer presets run the same tests two to five times slower.
set(OCW_TEST_TIMEOUT_SCALE 1 CACHE STRING "Factor applied to every test's time limit (the sanitizer presets raise it)")
add_custom_target(ocw_threaded_tests)

function(ocw_add_test name)
    cmake_parse_arguments(ARG "THREADED" "TIMEOUT" "SOURCES;LIBS" ${ARGN})
    if(NOT ARG_TIMEOUT)
        set(ARG_TIMEOUT 120)
    endif()
    math(EXPR ARG_TIMEOUT "${ARG_TIMEOUT} * ${OCW_TEST_TIMEOUT_SCALE}")
    add_executable(${name} ${ARG_SOURCES})
    target_link_libraries(${name} PRIVATE ocw_build_options Qt6::Test ${ARG_LIBS})
    target_compile_definitions(${name} PRIVATE OCW_TEST_DATA_DIR="${CMAKE_CURRENT_SOURCE_DIR}/data"
                                               OCW_RESOURCES_DIR="${PROJECT_SOURCE_DIR}/resources"
                                               OCW_CLI_PATH="$<TARGET_FILE:ocworkbench-cli>")
    add_test(NAME ${name} COMMAND ${name})
    set_tests_properties(${name} PROPERTIES
        ENVIRONMENT "QT_QPA_PLATFORM=offscreen;QT_LOGGING_RULES=ocw.*.debug=false"
        TIMEOUT ${ARG_TIMEOUT})
    if(ARG_THREADED)
        set_property(TEST ${name} PROPERTY LABELS threaded)
        add_dependencies(ocw_threaded_tests ${name})
    endif()
endfunction()
