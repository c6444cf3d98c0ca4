"""What a DPO files and sends, from the same run as `check` and `report`.

pia.py: the DPIA as the JSON file the CNIL PIA tool imports ("Import a PIA").
ropa.py: the Art. 30(1) record of processing activities, one row per program (or purpose).
sheets.py: those rows as .xlsx, .ods or .csv bytes, identical for identical inputs.
Nothing here imports the PDF pipeline's renderer or the engines: the command gathers a Run first.
"""
