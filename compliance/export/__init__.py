"""What a DPO files and sends, from the same run as `check` and `report`.

pia.py: the DPIA as the JSON file the CNIL PIA tool imports ("Import a PIA"); pia_answers.py writes
its answers from the manifest. ropa.py: the Art. 30(1) record of processing activities, one row per
program (or purpose). sheets.py: those rows as .xlsx, .ods or .csv bytes, identical for identical
inputs. common.py: reading manifest values as written (null is not declared) and the export's date.
"""
