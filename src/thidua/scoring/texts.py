"""Messages of the scoring API (thidua.api.views.scoring), kept in the scoring app so that
its English catalogue (scoring/locale) holds every scoring message."""

from django.utils.translation import gettext_lazy as _

YEAR_NOT_FOUND = _("Không tìm thấy năm thi đua.")
UNIT_NOT_MEMBER = _("Đơn vị không phải là thành viên của cụm năm {year}.")
NOT_ALLOWED = _("Bạn không có quyền thực hiện thao tác này.")
NOT_AN_OBJECT = _("Nội dung gửi lên phải là một đối tượng JSON.")
EDIT_CRITERIA = _("Chỉ Cụm trưởng hoặc cơ quan tổ chức được sửa bảng tiêu chí.")
ENTRIES_MISSING = _("Thiếu danh sách điểm các tiêu chí.")
SELF_ASSESS = _("Chỉ cán bộ thi đua của đơn vị được tự chấm điểm cho đơn vị mình.")
SELF_SUBMIT = _("Chỉ cán bộ thi đua của đơn vị được nộp bảng tự chấm điểm.")
NOT_ITSELF_API = _("Một đơn vị không được tự chấm chéo cho chính mình; bảng tự chấm điểm ở …/self/.")
NOT_ASSIGNED = _("{scorer} không được phân công chấm điểm {unit} năm {year}.")
