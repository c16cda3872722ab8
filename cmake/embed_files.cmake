# Turns the files DIR/*.EXT into a C++ table `const std::vector<EmbeddedFile>& FUNCTION()` in
# namespace NAMESPACE (declared in HEADER), so the binary carries its data files (the security
# rule catalog and framework mappings) and reads them at start as if they were on disk.
file(GLOB files ${DIR}/*.${EXT})
list(SORT files)
set(body "// Generated from ${DIR}/*.${EXT} — do not edit.\n#include \"${HEADER}\"\nnamespace ${NAMESPACE} {\nconst std::vector<EmbeddedFile>& ${FUNCTION}() {\n  static const std::vector<EmbeddedFile> kFiles = {\n")
foreach(f ${files})
  get_filename_component(name ${f} NAME)
  file(READ ${f} content)
  string(APPEND body "    {\"${name}\", R\"__file__(${content})__file__\"},\n")
endforeach()
string(APPEND body "  };\n  return kFiles;\n}\n}  // namespace ${NAMESPACE}\n")
file(WRITE ${OUT}.tmp "${body}")
configure_file(${OUT}.tmp ${OUT} COPYONLY)
