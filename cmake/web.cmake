# The web UI (web/, React + Vite) built into the `rapport` executable, and only into it: rapport_core,
# the test programs and rapport_openapi do not depend on it. The pipeline, each step rerun only when
# its inputs changed:
#   rapport_openapi          -> build/web/openapi.json   (the API's document, without serving)
#   npm ci                   -> build/web/npm-ci.stamp   (when package.json or package-lock.json changed)
#   npm run gen:api          -> web/src/api/schema.d.ts  (RAPPORT_OPENAPI_JSON=build/web/openapi.json)
#   npm run build -- --outDir build/web/dist --emptyOutDir, then web/scripts/precompress.mjs
#                            -> build/web/dist (+ .gz/.br) and build/web/manifest.json (ETags, variants)
#   cmake/embed_web.cmake    -> build/web/web_assets.S (.incbin) + web_assets.cpp (the table)
# Sets WEB_ASSETS_SOURCES (for the `rapport` executable) and RAPPORT_WEB_EMBEDDED (1 when the UI is in).
option(RAPPORT_WEB "Build the web UI (web/) into the rapport executable (needs Node.js and npm)" ON)

set(RAPPORT_WEB_SOURCE_DIR ${CMAKE_SOURCE_DIR}/web CACHE PATH "The web UI's sources (another copy of web/, to try a build)")
set(WEB_SRC ${RAPPORT_WEB_SOURCE_DIR})
set(PRECOMPRESS ${CMAKE_SOURCE_DIR}/web/scripts/precompress.mjs)
set(WEB_OUT ${CMAKE_BINARY_DIR}/web)
set(WEB_ASSETS_CPP ${WEB_OUT}/web_assets.cpp)
set(RAPPORT_WEB_EMBEDDED 0)
file(MAKE_DIRECTORY ${WEB_OUT})

if(RAPPORT_WEB AND NOT EXISTS ${WEB_SRC}/package.json)
  message(WARNING "RAPPORT_WEB is ON but there is no ${WEB_SRC}/package.json: building rapport without the web UI")
elseif(RAPPORT_WEB)
  find_program(NPM_PROGRAM npm)
  find_program(NODE_PROGRAM node)
  if(NOT NPM_PROGRAM OR NOT NODE_PROGRAM)
    message(FATAL_ERROR "The web UI needs Node.js and npm (bash scripts/install-deps.sh installs them); "
                        "or configure with -DRAPPORT_WEB=OFF to build rapport without the UI")
  endif()
  enable_language(ASM)
  set(RAPPORT_WEB_EMBEDDED 1)

  # The API's document, from the routes alone (no server). Rewritten only when it changes, so a C++
  # change that leaves the API alone does not rebuild the UI (Ninja's restat).
  set(OPENAPI_JSON ${WEB_OUT}/openapi.json)
  add_custom_command(
    OUTPUT ${OPENAPI_JSON}
    COMMAND $<TARGET_FILE:rapport_openapi> --out ${OPENAPI_JSON}
    DEPENDS rapport_openapi
    COMMENT "Writing the OpenAPI document for the web UI")

  # node_modules follows the lock file; a second install on the same machine comes from npm's cache.
  add_custom_command(
    OUTPUT ${WEB_OUT}/npm-ci.stamp
    COMMAND ${NPM_PROGRAM} ci --no-audit --no-fund --prefer-offline --loglevel=error
    COMMAND ${CMAKE_COMMAND} -E touch ${WEB_OUT}/npm-ci.stamp
    DEPENDS ${WEB_SRC}/package.json ${WEB_SRC}/package-lock.json
    WORKING_DIRECTORY ${WEB_SRC}
    COMMENT "Installing the web UI's packages (npm ci)")

  add_custom_command(
    OUTPUT ${WEB_OUT}/gen-api.stamp
    COMMAND ${CMAKE_COMMAND} -E env RAPPORT_OPENAPI_JSON=${OPENAPI_JSON} ${NPM_PROGRAM} run --silent gen:api
    COMMAND ${CMAKE_COMMAND} -E touch ${WEB_OUT}/gen-api.stamp
    DEPENDS ${OPENAPI_JSON} ${WEB_OUT}/npm-ci.stamp
    WORKING_DIRECTORY ${WEB_SRC}
    COMMENT "Generating the web UI's API types (npm run gen:api)")

  # Every input of the Vite build (the generated API types come through gen-api.stamp).
  file(GLOB_RECURSE WEB_INPUTS CONFIGURE_DEPENDS ${WEB_SRC}/src/* ${WEB_SRC}/public/*)
  list(FILTER WEB_INPUTS EXCLUDE REGEX "/src/api/schema\\.d\\.ts$")
  file(GLOB WEB_CONFIG CONFIGURE_DEPENDS ${WEB_SRC}/index.html ${WEB_SRC}/package.json ${WEB_SRC}/package-lock.json
       ${WEB_SRC}/vite.config.* ${WEB_SRC}/tsconfig*.json ${WEB_SRC}/postcss.config.* ${WEB_SRC}/.browserslistrc)
  set(WEB_DIST ${WEB_OUT}/dist)
  set(WEB_MANIFEST ${WEB_OUT}/manifest.json)
  add_custom_command(
    OUTPUT ${WEB_OUT}/build.stamp
    BYPRODUCTS ${WEB_MANIFEST}
    COMMAND ${NPM_PROGRAM} run --silent build -- --outDir ${WEB_DIST} --emptyOutDir
    COMMAND ${NODE_PROGRAM} ${PRECOMPRESS} ${WEB_DIST} ${WEB_MANIFEST}
    COMMAND ${CMAKE_COMMAND} -E touch ${WEB_OUT}/build.stamp
    DEPENDS ${WEB_INPUTS} ${WEB_CONFIG} ${PRECOMPRESS} ${WEB_OUT}/gen-api.stamp ${WEB_OUT}/npm-ci.stamp
    WORKING_DIRECTORY ${WEB_SRC}
    COMMENT "Building the web UI (npm run build) and precompressing it")

  set(WEB_ASSETS_ASM ${WEB_OUT}/web_assets.S)
  add_custom_command(
    OUTPUT ${WEB_ASSETS_CPP} ${WEB_ASSETS_ASM}
    COMMAND ${CMAKE_COMMAND} -DMANIFEST=${WEB_MANIFEST} -DDIST=${WEB_DIST} -DCPP=${WEB_ASSETS_CPP} -DASM=${WEB_ASSETS_ASM}
            -P ${CMAKE_SOURCE_DIR}/cmake/embed_web.cmake
    DEPENDS ${WEB_MANIFEST} ${WEB_OUT}/build.stamp ${CMAKE_SOURCE_DIR}/cmake/embed_web.cmake
    COMMENT "Embedding the web UI")
  # .incbin is invisible to the dependency scanner: the manifest changes whenever a file does.
  set_source_files_properties(${WEB_ASSETS_ASM} PROPERTIES OBJECT_DEPENDS ${WEB_MANIFEST})
  set(WEB_ASSETS_SOURCES ${WEB_ASSETS_CPP} ${WEB_ASSETS_ASM})
endif()

if(NOT RAPPORT_WEB_EMBEDDED)
  # No UI: embedded_web() returns no files, and GET / says the UI is not built in.
  execute_process(COMMAND ${CMAKE_COMMAND} -DCPP=${WEB_ASSETS_CPP} -P ${CMAKE_SOURCE_DIR}/cmake/embed_web.cmake)
  set(WEB_ASSETS_SOURCES ${WEB_ASSETS_CPP})
endif()
