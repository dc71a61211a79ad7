"""Annex tables (附表1, 附表2, 山西附件1) and typical-case reports (典型案例报送)."""
