# SPDX-License-Identifier: Apache-2.0
# ocw_add_test(<name> SOURCES <files...> LIBS <targets...> [TIMEOUT <seconds>])
# Every test runs offscreen with a time limit, so a local `ctest` behaves as CI does.
function(ocw_add_test name)
    cmake_parse_arguments(ARG "" "TIMEOUT" "SOURCES;LIBS" ${ARGN})
    if(NOT ARG_TIMEOUT)
        set(ARG_TIMEOUT 120)
    endif()
    add_executable(${name} ${ARG_SOURCES})
    target_link_libraries(${name} PRIVATE ocw_build_options Qt6::Test ${ARG_LIBS})
    target_compile_definitions(${name} PRIVATE OCW_TEST_DATA_DIR="${CMAKE_CURRENT_SOURCE_DIR}/data"
                                               OCW_RESOURCES_DIR="${PROJECT_SOURCE_DIR}/resources"
                                               OCW_CLI_PATH="$<TARGET_FILE:ocworkbench-cli>")
    add_test(NAME ${name} COMMAND ${name})
    set_tests_properties(${name} PROPERTIES
        ENVIRONMENT "QT_QPA_PLATFORM=offscreen;QT_LOGGING_RULES=ocw.*.debug=false"
        TIMEOUT ${ARG_TIMEOUT})
endfunction()
