"""Reporting outward: 行政处罚信息公示, inspection results, upward case data, the 公开版."""
