from reviews.models.approval import *  # noqa: F403
from reviews.models.archive import *  # noqa: F403
from reviews.models.decisions import *  # noqa: F403
from reviews.models.inputs import *  # noqa: F403
from reviews.models.report import *  # noqa: F403
