"""The first bytes that tell what a file is whatever its name: one table, for every reader that
refuses a file of another kind in words (an 835, a workbook, a CMS file, a TiC or NPPES
download) and for the check of a file an output would replace.
"""

#: A zip local file header's signature ("PK\x03\x04"), a zip archive's first bytes: every .xlsx,
#: .docx and .xlam, and a zipped download.
ZIP = b"PK\x03\x04"

#: The start of every zip record's signature: an archive with no file starts with its end
#: record ("PK\x05\x06"), and a file that starts so and does not open is a damaged zip rather
#: than something else.
ZIP_RECORD = b"PK"

#: gzip's two identification bytes (RFC 1952): a .gz, a .json.gz.
GZIP = b"\x1f\x8b"

#: An OLE compound file's header signature ([MS-CFB] 2.2): an Excel 97-2003 or Word 97-2003
#: file, and an Office file saved with a password (encrypted into one).
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

#: A PDF's header ("%PDF-" and the version, ISO 32000).
PDF = b"%PDF-"
