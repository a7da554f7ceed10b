# Writes a C++ file defining `extern const std::string_view SYMBOL` (in namespace NAMESPACE) as the
# whole text of the file IN, so that data such as word lists ships inside the binary.
file(READ ${IN} text)
file(WRITE ${OUT}.tmp "#include <string_view>\nnamespace ${NAMESPACE} {\nextern const std::string_view ${SYMBOL};\nconst std::string_view ${SYMBOL} = R\"__TEXT__(${text})__TEXT__\";\n}  // namespace ${NAMESPACE}\n")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
